package dev.ferry.adapters.knative.internal;

import dev.ferry.protocol.RemoteHandler;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Serves one HTTP request: the protocol on POST, readiness on {@code GET /ready}, liveness on
 * {@code GET /healthz}. Bytes pass through to the {@link RemoteHandler} untouched.
 */
public final class ProtocolRequestHandler implements Handler<HttpServerRequest> {
    public static final String READY_PATH = "/ready";
    public static final String LIVE_PATH = "/healthz";
    static final String OCTET_STREAM = "application/octet-stream";
    private static final int MAX_MESSAGE_CHARS = 300;

    private final RemoteHandler handler;
    private final String path;
    private final long maxRequestBytes;
    private final boolean blocking;
    private final ConcurrencyLimit limit;
    private final InFlightRequests inFlight;
    private final BooleanSupplier draining;
    private final Vertx vertx;

    public ProtocolRequestHandler(
            RemoteHandler handler,
            String path,
            long maxRequestBytes,
            boolean blocking,
            ConcurrencyLimit limit,
            InFlightRequests inFlight,
            BooleanSupplier draining,
            Vertx vertx) {
        this.handler = handler;
        this.path = path;
        this.maxRequestBytes = maxRequestBytes;
        this.blocking = blocking;
        this.limit = limit;
        this.inFlight = inFlight;
        this.draining = draining;
        this.vertx = vertx;
    }

    @Override
    public void handle(HttpServerRequest request) {
        String requestPath = request.path();
        if (READY_PATH.equals(requestPath) || LIVE_PATH.equals(requestPath)) {
            probe(request, READY_PATH.equals(requestPath));
            return;
        }
        if (path != null && !path.equals(requestPath)) {
            text(request, 404, "no function endpoint at " + requestPath + "; POST to " + path);
            return;
        }
        if (request.method() != HttpMethod.POST) {
            request.response().putHeader(HttpHeaders.ALLOW, "POST");
            text(request, 405, "method " + request.method() + " not allowed; POST the request");
            return;
        }
        if (draining.getAsBoolean()) {
            closeAfterwards(request);
            text(request, 503, "shutting down");
            return;
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (!isOctetStream(contentType)) {
            text(
                    request,
                    415,
                    "content type must be " + OCTET_STREAM + ", was " + describe(contentType));
            return;
        }
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && parseLength(declared) > maxRequestBytes) {
            tooLarge(request);
            return;
        }
        if (!limit.tryAcquire()) {
            text(request, 503, "busy: " + limit.limit() + " requests already running");
            return;
        }
        inFlight.enter();
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // Asked only now, after every check a refusal could come from (curl asks for bodies
            // over 1 KiB and otherwise waits a second before sending it).
            request.response().writeContinue();
        }
        new Exchange(request).start();
    }

    /**
     * One protocol request from body to reply; releases its slot exactly once: when the function
     * has answered (even to a client that left), or when the request ends before the function was
     * called. A running function keeps its slot, so the bound and the drain count real work.
     */
    private final class Exchange {
        private final HttpServerRequest request;
        private final Context context = Vertx.currentContext();
        private final AtomicBoolean finished = new AtomicBoolean();
        private Buffer body;
        private boolean rejected;
        private boolean invoked;

        Exchange(HttpServerRequest request) {
            this.request = request;
        }

        void start() {
            body = Buffer.buffer(initialCapacity(request.getHeader(HttpHeaders.CONTENT_LENGTH)));
            request.handler(
                    chunk -> {
                        if (rejected) {
                            return;
                        }
                        if ((long) body.length() + chunk.length() > maxRequestBytes) {
                            rejected = true;
                            body = null;
                            tooLarge(request);
                            finish();
                            return;
                        }
                        body.appendBuffer(chunk);
                    });
            request.exceptionHandler(error -> finishUnlessInvoked());
            request.response().closeHandler(v -> finishUnlessInvoked());
            request.endHandler(
                    v -> {
                        if (!rejected) {
                            invoked = true;
                            invoke(body.getBytes());
                            body = null;
                        }
                    });
        }

        private void invoke(byte[] bytes) {
            if (blocking) {
                vertx.executeBlocking(() -> call(bytes), false)
                        .onComplete(
                                result -> {
                                    if (result.failed()) {
                                        reply(null, result.cause());
                                    } else {
                                        result.result().whenComplete(this::reply);
                                    }
                                });
            } else {
                call(bytes).whenComplete(this::reply);
            }
        }

        private CompletableFuture<byte[]> call(byte[] bytes) {
            try {
                CompletableFuture<byte[]> reply = handler.handle(bytes);
                return reply != null
                        ? reply
                        : CompletableFuture.failedFuture(
                                new IllegalStateException("the handler returned no future"));
            } catch (RuntimeException | Error e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        private void reply(byte[] reply, Throwable error) {
            if (context != null && Vertx.currentContext() != context) {
                context.runOnContext(v -> reply(reply, error));
                return;
            }
            try {
                HttpServerResponse response = request.response();
                if (response.closed() || response.ended()) {
                    return; // the client went away
                }
                if (draining.getAsBoolean()) {
                    closeAfterwards(request);
                }
                if (error != null || reply == null) {
                    text(request, 500, failureMessage(error));
                } else {
                    response.setStatusCode(200)
                            .putHeader(HttpHeaders.CONTENT_TYPE, OCTET_STREAM)
                            .end(Buffer.buffer(reply));
                }
            } finally {
                finish();
            }
        }

        private void finishUnlessInvoked() {
            if (!invoked) {
                finish();
            }
        }

        private void finish() {
            if (finished.compareAndSet(false, true)) {
                limit.release();
                inFlight.exit();
            }
        }
    }

    private void probe(HttpServerRequest request, boolean readiness) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            text(request, 405, "probe endpoints answer GET");
            return;
        }
        if (readiness && draining.getAsBoolean()) {
            text(request, 503, "draining");
        } else {
            text(request, 200, readiness ? "ready" : "ok");
        }
    }

    private void tooLarge(HttpServerRequest request) {
        closeAfterwards(request);
        text(request, 413, "request larger than " + maxRequestBytes + " bytes");
    }

    /**
     * Asks an HTTP/1.x client to drop the connection after this response. HTTP/2 forbids the
     * header; there the server's shutdown sends GOAWAY instead.
     */
    private static void closeAfterwards(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_2) {
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
    }

    private static void text(HttpServerRequest request, int status, String message) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .end(message + "\n");
    }

    static boolean isOctetStream(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String media = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return media.trim().toLowerCase(Locale.ROOT).equals(OCTET_STREAM);
    }

    private static String describe(String contentType) {
        return contentType == null ? "missing" : "'" + contentType + "'";
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private int initialCapacity(String declared) {
        long length = declared == null ? -1 : parseLength(declared);
        return length > 0 ? (int) Math.min(length, maxRequestBytes) : 1024;
    }

    static String failureMessage(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message =
                cause == null
                        ? "the function completed with no reply"
                        : cause.getClass().getSimpleName()
                                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (message.length() > MAX_MESSAGE_CHARS) {
            message = message.substring(0, MAX_MESSAGE_CHARS) + "...";
        }
        return "function failed: " + message;
    }
}
