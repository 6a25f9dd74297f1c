package dev.ferry.protocol.adapter;

import dev.ferry.protocol.MediaTypes;
import java.util.Map;

/**
 * A request an adapter answers with an error instead of a reply: the HTTP status and the one line
 * the client is told. Every adapter answers the same error with the same status and text ({@link
 * #answer()}), whatever its platform.
 *
 * <p>The message is public: it names what the client sent wrong, never the internals of the
 * function. A failed function is {@link #internal(Throwable)}: its answer says only that the
 * function failed, and the exception stays available as the cause, for the log.
 */
public final class ProtocolError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> headers;

    private ProtocolError(
            int status, String message, Map<String, String> headers, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    private static ProtocolError of(int status, String message) {
        return new ProtocolError(status, message, Map.of(), null);
    }

    /** 400: the request cannot be read (not a {@code ToFunction}, a malformed header). */
    public static ProtocolError badRequest(String message) {
        return of(400, message);
    }

    /** 400 with the parser's failure as the cause. */
    public static ProtocolError badRequest(String message, Throwable cause) {
        return new ProtocolError(400, message, Map.of(), cause);
    }

    /** 401: a bearer token is required and the request has none or another one. */
    public static ProtocolError unauthorized() {
        return new ProtocolError(
                401,
                "a valid bearer token is required (Authorization: Bearer <token>)",
                Map.of("WWW-Authenticate", "Bearer"),
                null);
    }

    /** 404: the server serves functions on one path and the request went to another. */
    public static ProtocolError notFound(String path, String servedPath) {
        return of(404, "no function endpoint at " + path + "; POST to " + servedPath);
    }

    /** 405: the protocol is served on POST only. */
    public static ProtocolError methodNotAllowed(String method) {
        return new ProtocolError(
                405,
                "method " + method + " not allowed; POST the request",
                Map.of("Allow", "POST"),
                null);
    }

    /** 413: the body is longer than the limit ({@code size} -1 when not known yet). */
    public static ProtocolError payloadTooLarge(long size, long limit) {
        return of(
                413,
                "request"
                        + (size < 0 ? "" : " of " + size + " bytes")
                        + " is over the limit of "
                        + limit
                        + " bytes");
    }

    /** 415: a body of another type than the protocol's bytes. */
    public static ProtocolError unsupportedMediaType(String contentType) {
        return of(
                415,
                "content type '"
                        + contentType
                        + "' not supported; send "
                        + MediaTypes.OCTET_STREAM);
    }

    /** 500: the function failed; {@code cause} is for the log, not for the answer. */
    public static ProtocolError internal(Throwable cause) {
        return new ProtocolError(
                500, "function failed; the cause is in the function's log", Map.of(), cause);
    }

    /** 500: the function's reply is larger than the platform can carry. */
    public static ProtocolError replyTooLarge(long size, long limit) {
        return of(
                500,
                "reply of " + size + " bytes is over the platform's limit of " + limit + " bytes");
    }

    /** 503: the server cannot take the request now (busy, shutting down); a retry may succeed. */
    public static ProtocolError unavailable(String reason) {
        return of(503, reason);
    }

    public int status() {
        return status;
    }

    /**
     * Headers the answer carries besides its content type ({@code Allow}, {@code
     * WWW-Authenticate}).
     */
    public Map<String, String> headers() {
        return headers;
    }

    /** True for a failure of the function (or of the adapter), false for a refused request. */
    public boolean isServerError() {
        return status >= 500;
    }

    /** The answer to send: this status, these headers, the message as one line of plain text. */
    public ProtocolAnswer answer() {
        return ProtocolAnswer.error(status, getMessage(), headers);
    }
}
