package dev.ferry.adapters.gcp;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.ferry.protocol.RemoteHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A Google Cloud Functions {@code HttpFunction} that serves the StateFun request-reply protocol:
 * the body of a POST is handed to a {@link RemoteHandler} and its reply goes back as {@code
 * application/octet-stream}.
 *
 * <p>Extend it with a public no-argument constructor, which the Functions Framework calls once per
 * instance:
 *
 * <pre>{@code
 * public final class Greeter extends FerryHttpFunction {
 *     public Greeter() {
 *         super(StatefulFunctionsHandler.of(new StatefulFunctions().withStatefulFunction(...)));
 *     }
 * }
 * }</pre>
 *
 * <p>Anything but a POST is answered 405, a body that is not {@code application/octet-stream} 415,
 * a body over the size limit 413, and a failed function 500 with a short message: never a 200, so
 * the runtime retries the batch instead of taking a failure for a reply.
 */
public abstract class FerryHttpFunction implements HttpFunction {
    /** Overrides the request size limit, in bytes. */
    public static final String MAX_REQUEST_BYTES_ENV = "FERRY_MAX_REQUEST_BYTES";

    /** Cloud Functions (gen2) accepts requests and replies of up to 32 MB. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 32L * 1024 * 1024;

    /** The platform's reply limit: a larger reply is answered 500 here, with a clear message. */
    public static final long MAX_REPLY_BYTES = 32L * 1024 * 1024;

    static final String OCTET_STREAM = "application/octet-stream";

    private static final System.Logger LOG = System.getLogger(FerryHttpFunction.class.getName());
    private static final int MAX_MESSAGE_CHARS = 300;

    private final RemoteHandler handler;
    private final long maxRequestBytes;

    /** Serves {@code handler} with the size limit from {@value #MAX_REQUEST_BYTES_ENV} or 32 MB. */
    protected FerryHttpFunction(RemoteHandler handler) {
        this(handler, maxRequestBytesFromEnvironment());
    }

    /** Serves {@code handler}, refusing requests over {@code maxRequestBytes}. */
    protected FerryHttpFunction(RemoteHandler handler, long maxRequestBytes) {
        this.handler = Objects.requireNonNull(handler, "handler");
        if (maxRequestBytes <= 0 || maxRequestBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "maxRequestBytes must be within 1.." + (Integer.MAX_VALUE - 8));
        }
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public final void service(HttpRequest request, HttpResponse response) throws IOException {
        if (!"POST".equalsIgnoreCase(request.getMethod())) {
            response.appendHeader("Allow", "POST");
            refuse(response, 405, "only POST is served, not " + request.getMethod());
            return;
        }
        String contentType = request.getContentType().orElse(null);
        if (!isOctetStream(contentType)) {
            refuse(response, 415, "content type must be " + OCTET_STREAM + ", not " + contentType);
            return;
        }
        long declared = request.getContentLength();
        if (declared > maxRequestBytes) {
            refuse(response, 413, tooLarge(declared));
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = readAtMost(in, maxRequestBytes);
        }
        if (body == null) {
            refuse(response, 413, tooLarge(-1));
            return;
        }
        byte[] reply;
        try {
            reply = handler.handle(body).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(response, 503, "interrupted while the function ran");
            return;
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = unwrap(e);
            LOG.log(System.Logger.Level.ERROR, "function failed", cause);
            answer(response, 500, "function failed: " + describe(cause));
            return;
        }
        if (reply == null) {
            answer(response, 500, "function failed: it completed with no reply");
            return;
        }
        if (reply.length > MAX_REPLY_BYTES) {
            answer(
                    response,
                    500,
                    "reply of "
                            + reply.length
                            + " bytes is over the platform's limit of "
                            + MAX_REPLY_BYTES
                            + " bytes");
            return;
        }
        response.setStatusCode(200);
        response.setContentType(OCTET_STREAM);
        response.appendHeader("Content-Length", Integer.toString(reply.length));
        try (OutputStream out = response.getOutputStream()) {
            out.write(reply);
        }
    }

    /** The body, or null when it is longer than {@code limit}. */
    static byte[] readAtMost(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[(int) Math.min(limit + 1, 64 * 1024)];
        int size = 0;
        while (true) {
            if (size == buffer.length) {
                if (size > limit) {
                    return null;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit + 1, (long) size * 2));
            }
            int read = in.read(buffer, size, buffer.length - size);
            if (read < 0) {
                break;
            }
            size += read;
        }
        return size > limit ? null : Arrays.copyOf(buffer, size);
    }

    static boolean isOctetStream(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = parameters < 0 ? contentType : contentType.substring(0, parameters);
        return type.trim().toLowerCase(Locale.ROOT).equals(OCTET_STREAM);
    }

    private String tooLarge(long size) {
        return "request"
                + (size < 0 ? " is" : " of " + size + " bytes is")
                + " over the limit of "
                + maxRequestBytes
                + " bytes";
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        String text =
                failure.getClass().getSimpleName()
                        + (message == null ? "" : ": " + message.replaceAll("\\s+", " "));
        return text.length() <= MAX_MESSAGE_CHARS
                ? text
                : text.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    /**
     * An answer before the body was read to its end: the connection is closed after it, so that a
     * client does not send its next request on a connection the server is about to drop.
     */
    private static void refuse(HttpResponse response, int status, String message)
            throws IOException {
        response.appendHeader("Connection", "close");
        answer(response, status, message);
    }

    private static void answer(HttpResponse response, int status, String message)
            throws IOException {
        byte[] text = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(status);
        response.setContentType("text/plain; charset=utf-8");
        try (OutputStream out = response.getOutputStream()) {
            out.write(text);
        }
    }

    private static long maxRequestBytesFromEnvironment() {
        String value = System.getenv(MAX_REQUEST_BYTES_ENV);
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX_REQUEST_BYTES;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    MAX_REQUEST_BYTES_ENV + " is not a number of bytes: " + value, e);
        }
    }
}
