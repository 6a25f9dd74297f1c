package dev.ferry.protocol.adapter;

import dev.ferry.protocol.MediaTypes;
import dev.ferry.protocol.RemoteHandler;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The protocol exchange every adapter serves, written once: which requests are taken (POST, the
 * bearer token when one is set, the content type, the size), calling the {@link RemoteHandler}, and
 * the answer to each failure. An adapter only maps its platform's request onto {@link #begin},
 * {@link RequestBody} and {@link #call}, and a {@link ProtocolAnswer} onto its platform's response.
 *
 * <p>The rules: only {@code POST}; with a token set, {@code Authorization: Bearer <token>} (401
 * otherwise); {@code Content-Type} {@value MediaTypes#OCTET_STREAM} (any case, parameters ignored)
 * or none at all, which RFC 9110 lets a recipient take as {@value MediaTypes#OCTET_STREAM} (415
 * otherwise); a {@code Content-Length} that is a number of bytes (400 otherwise) within the limit,
 * and a body within it however it arrives (413 otherwise); a request the handler cannot read 400; a
 * failed function 500, its exception logged and not echoed.
 *
 * <p>Ferry's address batches ({@value MediaTypes#ADDRESS_BATCH}) are taken too: {@link #reply}
 * hands each address's request to the handler as a request of its own and answers with every
 * address's result ({@link AddressBatchFanOut}), so every adapter understands them. A server whose
 * requests arrive on an event loop gives the exchange workers for that fan-out; without them it
 * runs on the calling thread (a Lambda or Cloud Functions request has a thread of its own).
 */
public final class ProtocolExchange {
    private static final System.Logger LOG = System.getLogger(ProtocolExchange.class.getName());

    private final RemoteHandler handler;
    private final long maxRequestBytes;
    private final BearerToken token;
    private final Executor fanOutWorkers;
    private final int fanOutParallelism;

    /** Serves {@code handler} with the size limit and the token (if any) of {@code options}. */
    public ProtocolExchange(RemoteHandler handler, AdapterOptions options) {
        this(handler, options.maxRequestBytes(), options.authToken().orElse(null));
    }

    /**
     * @param maxRequestBytes the largest body accepted, 1 to {@link AdapterOptions#MAX_BODY_BYTES}
     * @param authToken the bearer token every request must carry, or null for none
     */
    public ProtocolExchange(RemoteHandler handler, long maxRequestBytes, String authToken) {
        this(handler, maxRequestBytes, authToken, null, 1);
    }

    /**
     * An exchange that runs the addresses of an address batch on {@code fanOutWorkers}, in up to
     * {@code fanOutParallelism} slices side by side, instead of on the calling thread: for a server
     * whose calling thread is an event loop that other connections wait on.
     *
     * @param fanOutWorkers runs the slices of an address batch, or null for the calling thread
     * @param fanOutParallelism slices at most, at least 1 (the workers' threads)
     */
    public ProtocolExchange(
            RemoteHandler handler,
            long maxRequestBytes,
            String authToken,
            Executor fanOutWorkers,
            int fanOutParallelism) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.maxRequestBytes = AdapterOptions.checkMaxRequestBytes(maxRequestBytes);
        this.token = authToken == null ? null : new BearerToken(authToken);
        if (fanOutParallelism < 1) {
            throw new IllegalArgumentException(
                    "fanOutParallelism must be at least 1: " + fanOutParallelism);
        }
        this.fanOutWorkers = fanOutWorkers;
        this.fanOutParallelism = fanOutParallelism;
    }

    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    /**
     * Checks what is known before the body arrives and opens a body to read it into.
     *
     * @param header a request header by its lower-case name (a case-insensitive lookup), or null
     * @throws ProtocolError when the request is refused
     */
    public RequestBody begin(String method, Function<String, String> header) {
        if (!"POST".equalsIgnoreCase(method)) {
            throw ProtocolError.methodNotAllowed(method);
        }
        if (token != null && !token.matches(header.apply("authorization"))) {
            throw ProtocolError.unauthorized();
        }
        String contentType = header.apply("content-type");
        boolean addressBatch = isMediaType(contentType, MediaTypes.ADDRESS_BATCH);
        if (contentType != null && !addressBatch && !isOctetStream(contentType)) {
            throw ProtocolError.unsupportedMediaType(contentType);
        }
        long declared = contentLength(header.apply("content-length"));
        if (declared > maxRequestBytes) {
            throw ProtocolError.payloadTooLarge(declared, maxRequestBytes);
        }
        return new RequestBody(declared, maxRequestBytes, addressBatch);
    }

    /**
     * Calls the handler for a whole body and completes with the answer to send: the reply in the
     * content type of the request's kind. For an address batch each address's request goes to the
     * handler on its own, and a function failing for one address is reported in that address's
     * result, not as a failed exchange. Fails only with a {@link ProtocolError}, as {@link #call}.
     */
    public CompletableFuture<ProtocolAnswer> reply(
            RequestBody body, Function<String, String> traceContext) {
        byte[] bytes = body.bytes();
        if (!body.isAddressBatch()) {
            return call(bytes, traceContext).thenApply(ProtocolAnswer::reply);
        }
        return CallTracing.around(
                        traceContext,
                        bytes.length,
                        () ->
                                AddressBatchFanOut.handle(
                                        bytes, this::handle, fanOutWorkers, fanOutParallelism))
                .thenApply(ProtocolAnswer::addressBatchReply);
    }

    /**
     * Calls the handler. The future never fails with anything but a {@link ProtocolError}: the
     * handler's own {@code ProtocolError} (a request it cannot read), else {@link
     * ProtocolError#internal} with the function's exception as the cause.
     */
    public CompletableFuture<byte[]> call(byte[] body) {
        return call(body, field -> null);
    }

    /**
     * {@link #call(byte[])} in an OpenTelemetry span when the function has an OpenTelemetry SDK
     * installed: the span continues the W3C trace context the request carried, which {@code
     * traceContext} gives by field name ({@code traceparent}, {@code tracestate}; null when
     * absent), and is current while the handler runs. Without OpenTelemetry this is {@link
     * #call(byte[])}.
     */
    public CompletableFuture<byte[]> call(byte[] body, Function<String, String> traceContext) {
        return CallTracing.around(traceContext, body.length, () -> handle(body));
    }

    private CompletableFuture<byte[]> handle(byte[] body) {
        CompletableFuture<byte[]> reply;
        try {
            reply = handler.handle(body);
        } catch (RuntimeException | Error e) {
            reply = CompletableFuture.failedFuture(e);
        }
        if (reply == null) {
            reply =
                    CompletableFuture.failedFuture(
                            new IllegalStateException("the handler returned no future"));
        }
        return reply.handle(
                (bytes, failure) -> {
                    if (failure != null) {
                        throw toError(failure);
                    }
                    if (bytes == null) {
                        throw ProtocolError.internal(
                                new IllegalStateException("the function completed with no reply"));
                    }
                    return bytes;
                });
    }

    /**
     * Serves one request whose body is a stream, waiting for the function: the whole exchange for a
     * platform that calls the adapter on a thread of its own.
     */
    public ProtocolAnswer serve(
            String method, Function<String, String> header, InputStreamSource body)
            throws IOException {
        try {
            RequestBody request = begin(method, header);
            try (InputStream in = body.open()) {
                request.readFrom(in);
            }
            return reply(request, header).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProtocolError.unavailable("interrupted while the function ran").answer();
        } catch (ProtocolError | ExecutionException e) {
            return answer(e);
        }
    }

    /** The answer to a failure; a failed function's exception goes to the log here. */
    public static ProtocolAnswer answer(Throwable failure) {
        ProtocolError error = toError(failure);
        if (error.isServerError() && error.getCause() != null) {
            LOG.log(Level.ERROR, "function failed", error.getCause());
        }
        return error.answer();
    }

    /** The {@link ProtocolError} a failure is: itself, or {@link ProtocolError#internal}. */
    public static ProtocolError toError(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof ProtocolError error ? error : ProtocolError.internal(cause);
    }

    /** True for {@value MediaTypes#OCTET_STREAM} in any case, with or without parameters. */
    public static boolean isOctetStream(String contentType) {
        return isMediaType(contentType, MediaTypes.OCTET_STREAM);
    }

    private static boolean isMediaType(String contentType, String mediaType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = parameters < 0 ? contentType : contentType.substring(0, parameters);
        return type.trim().toLowerCase(Locale.ROOT).equals(mediaType);
    }

    /** The declared length, -1 when absent; anything but a number of bytes is a 400. */
    private static long contentLength(String value) {
        if (value == null) {
            return -1;
        }
        String digits = value.trim();
        if (digits.isEmpty()
                || digits.length() > 18
                || !digits.chars().allMatch(Character::isDigit)) {
            throw ProtocolError.badRequest(
                    "Content-Length '" + value + "' is not a number of bytes");
        }
        return Long.parseLong(digits);
    }

    /** Where {@link #serve} reads a body from. */
    @FunctionalInterface
    public interface InputStreamSource {
        InputStream open() throws IOException;
    }
}
