package dev.ferry.invokers.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.handler.RequestReplyHandler;
import org.apache.flink.statefun.sdk.java.slice.Slices;

/**
 * Serves functions written with the official StateFun SDK on 127.0.0.1 (a free port), with faults
 * queued per request: a status, a wrong content type, no answer at all, a gzip-encoded reply.
 */
public final class SdkFunctionServer implements AutoCloseable {
    /** What the server does with the next request. */
    public enum Fault {
        NONE,
        STATUS_500,
        STATUS_404,
        STATUS_429_RETRY_AFTER_1S,
        STATUS_503_RETRY_AFTER_0,
        WRONG_CONTENT_TYPE,
        NO_ANSWER,
        GZIP
    }

    private final Vertx vertx = Vertx.vertx();
    private final RequestReplyHandler handler;
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Queue<Long> arrivals = new ConcurrentLinkedQueue<>();
    private final HttpServer server;

    public SdkFunctionServer(StatefulFunctions functions) throws Exception {
        this(functions, options -> {});
    }

    public SdkFunctionServer(StatefulFunctions functions, Consumer<HttpServerOptions> configure)
            throws Exception {
        this.handler = functions.requestReplyHandler();
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0);
        configure.accept(options);
        this.server = vertx.createHttpServer(options).requestHandler(this::serve);
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public int port() {
        return server.actualPort();
    }

    public String url(String scheme, String path) {
        return scheme + "://127.0.0.1:" + port() + path;
    }

    public void clearFaults() {
        faults.clear();
    }

    public void enqueue(Fault... next) {
        faults.addAll(java.util.List.of(next));
    }

    /** Queued faults not yet served: 0 once every injected fault has met a request. */
    public int pendingFaults() {
        return faults.size();
    }

    public int requests() {
        return requests.get();
    }

    public Queue<Long> arrivals() {
        return arrivals;
    }

    private void serve(HttpServerRequest request) {
        requests.incrementAndGet();
        arrivals.add(System.nanoTime());
        Fault fault = faults.poll();
        if (fault == null) {
            fault = Fault.NONE;
        }
        Fault chosen = fault;
        request.body()
                .onSuccess(
                        body -> {
                            switch (chosen) {
                                case STATUS_500 ->
                                        request.response().setStatusCode(500).end("boom");
                                case STATUS_404 ->
                                        request.response()
                                                .setStatusCode(404)
                                                .end("no such function");
                                case STATUS_429_RETRY_AFTER_1S ->
                                        request.response()
                                                .setStatusCode(429)
                                                .putHeader("Retry-After", "1")
                                                .end();
                                case STATUS_503_RETRY_AFTER_0 ->
                                        request.response()
                                                .setStatusCode(503)
                                                .putHeader("Retry-After", "0")
                                                .end();
                                case NO_ANSWER -> {
                                    // Never answer: the client must time out.
                                }
                                default -> answer(request, body.getBytes(), chosen);
                            }
                        });
    }

    private void answer(HttpServerRequest request, byte[] body, Fault fault) {
        handler.handle(Slices.wrap(body))
                .whenComplete(
                        (reply, error) -> {
                            if (error != null) {
                                request.response().setStatusCode(500).end(String.valueOf(error));
                                return;
                            }
                            byte[] bytes = reply.toByteArray();
                            var response = request.response();
                            if (fault == Fault.WRONG_CONTENT_TYPE) {
                                response.putHeader(
                                        "Content-Type", "application/octet-stream; charset=utf-8");
                            } else {
                                response.putHeader("Content-Type", "application/octet-stream");
                            }
                            if (fault == Fault.GZIP) {
                                response.putHeader("Content-Encoding", "gzip");
                                bytes = gzip(bytes);
                            }
                            response.end(Buffer.buffer(bytes));
                        });
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
