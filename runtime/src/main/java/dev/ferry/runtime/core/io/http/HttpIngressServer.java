package dev.ferry.runtime.core.io.http;

import dev.ferry.runtime.core.io.HttpIngressMetrics;
import dev.ferry.runtime.core.io.http.HttpIngressAddressing.Messages;
import dev.ferry.runtime.core.io.http.HttpIngressAddressing.Outcome;
import dev.ferry.runtime.core.io.http.HttpIngressAddressing.Refused;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of the durable ingress: checks a request (method, bearer token, body size, path),
 * hands its messages to the {@link AcknowledgementLedger} and answers {@code 202} when the ledger
 * says they are durable, {@code 503} with {@code Retry-After} when too many are pending or the
 * ingress stops first.
 */
final class HttpIngressServer implements AutoCloseable {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String RETRY_AFTER_SECONDS = "1";

    private final HttpIngressAddressing addressing;
    private final AcknowledgementLedger ledger;
    private final HttpIngressMetrics metrics;
    private final long maxBodySize;
    private final byte[] expectedAuthorization;
    private final Vertx vertx;
    private final HttpServer server;

    private HttpIngressServer(
            HttpIngressAddressing addressing,
            AcknowledgementLedger ledger,
            HttpIngressMetrics metrics,
            long maxBodySize,
            String token,
            Vertx vertx,
            HttpServer server) {
        this.addressing = addressing;
        this.ledger = ledger;
        this.metrics = metrics;
        this.maxBodySize = maxBodySize;
        this.expectedAuthorization =
                token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.vertx = vertx;
        this.server = server;
    }

    /** Starts listening on {@code host:port}; fails with the bind error when the port is taken. */
    static HttpIngressServer start(
            String host,
            int port,
            HttpIngressAddressing addressing,
            AcknowledgementLedger ledger,
            HttpIngressMetrics metrics,
            long maxBodySize,
            String token)
            throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpServer server =
                vertx.createHttpServer(
                        new HttpServerOptions().setHost(host).setPort(port).setTcpNoDelay(true));
        HttpIngressServer ingress =
                new HttpIngressServer(
                        addressing, ledger, metrics, maxBodySize, token, vertx, server);
        server.requestHandler(ingress::handle);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException(
                    "the HTTP ingress cannot listen on " + host + ":" + port + ": " + e.getCause(),
                    e);
        }
        return ingress;
    }

    private void handle(HttpServerRequest request) {
        long arrivedNanos = System.nanoTime();
        if (request.method() != HttpMethod.POST && request.method() != HttpMethod.PUT) {
            request.response().putHeader("Allow", "POST, PUT");
            answer(
                    request,
                    arrivedNanos,
                    405,
                    "send messages with POST or PUT, not " + request.method());
            return;
        }
        if (expectedAuthorization != null && !authorized(request.getHeader("Authorization"))) {
            request.response().putHeader("WWW-Authenticate", "Bearer");
            answer(
                    request,
                    arrivedNanos,
                    401,
                    "missing or wrong bearer token (Authorization: Bearer <token>)");
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && parsedLength(length) > maxBodySize) {
            answer(
                    request,
                    arrivedNanos,
                    413,
                    "the body is larger than maxBodySize " + maxBodySize + " bytes");
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        request.handler(
                chunk -> {
                    if (tooLarge[0]) {
                        return;
                    }
                    if (body.length() + (long) chunk.length() > maxBodySize) {
                        tooLarge[0] = true;
                        answer(
                                request,
                                arrivedNanos,
                                413,
                                "the body is larger than maxBodySize " + maxBodySize + " bytes");
                    } else {
                        body.appendBuffer(chunk);
                    }
                });
        request.endHandler(
                done -> {
                    if (!tooLarge[0]) {
                        accept(request, arrivedNanos, body.getBytes());
                    }
                });
    }

    private void accept(HttpServerRequest request, long arrivedNanos, byte[] body) {
        Outcome outcome =
                addressing.resolve(request.path(), request.getHeader("Content-Type"), body);
        if (outcome instanceof Refused refused) {
            answer(request, arrivedNanos, refused.status(), refused.reason());
            return;
        }
        String key = request.getHeader(IDEMPOTENCY_KEY);
        CompletableFuture<Long> durable =
                ledger.submit(
                        ((Messages) outcome).envelopes(),
                        key == null || key.isEmpty() ? null : key,
                        System.currentTimeMillis());
        if (durable == null) {
            request.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
            answer(
                    request,
                    arrivedNanos,
                    503,
                    "too many requests waiting for a checkpoint; retry later");
            return;
        }
        Context context = Vertx.currentContext();
        durable.whenComplete(
                (checkpoint, failure) ->
                        context.runOnContext(
                                ignored -> {
                                    if (failure == null) {
                                        answer(request, arrivedNanos, 202, durableText(checkpoint));
                                    } else {
                                        request.response()
                                                .putHeader("Retry-After", RETRY_AFTER_SECONDS);
                                        answer(
                                                request,
                                                arrivedNanos,
                                                503,
                                                "not durable: "
                                                        + failure.getMessage()
                                                        + "; retry, with the same "
                                                        + IDEMPOTENCY_KEY);
                                    }
                                }));
    }

    private static String durableText(long checkpoint) {
        return checkpoint < 0
                ? "durable (a checkpoint restored since holds it)"
                : "durable in checkpoint " + checkpoint;
    }

    private boolean authorized(String authorization) {
        return authorization != null
                && MessageDigest.isEqual(
                        expectedAuthorization, authorization.getBytes(StandardCharsets.UTF_8));
    }

    private static long parsedLength(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return 0; // the body's real size is checked as it arrives
        }
    }

    private void answer(HttpServerRequest request, long arrivedNanos, int status, String text) {
        metrics.answered(status, (System.nanoTime() - arrivedNanos) / 1_000_000);
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return; // the client went away; nothing to answer
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(text + "\n");
    }

    /** The port the server listens on. */
    int port() {
        return server.actualPort();
    }

    @Override
    public void close() throws Exception {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
