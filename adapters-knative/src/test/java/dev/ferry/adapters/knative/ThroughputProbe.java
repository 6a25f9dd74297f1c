package dev.ferry.adapters.knative;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PayloadLimits;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.conformance.ConformanceFunctions;
import dev.ferry.protocol.wire.ToFunction;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: requests per second through the server, {@code inFlight} requests kept in flight by a
 * Vert.x client in the same JVM. Arguments: seconds, in-flight, {@code h1} or {@code h2c}, and the
 * handler: {@code sdk} (the conformance recorder written with the StateFun SDK: one message and two
 * states per request), {@code echo} (returns the request), {@code bare} (no adapter: a plain Vert.x
 * echo server, for comparison) or {@code handler} (the adapter's request handler with an echo
 * function on that plain server, to tell the handler's cost from the server's settings).
 */
public final class ThroughputProbe {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        boolean h2c = args.length > 2 && args[2].equals("h2c");
        String mode = args.length > 3 ? args[3] : "sdk";
        byte[] body = request();
        if (mode.equals("bare") || mode.equals("handler")) {
            Vertx serverVertx = Vertx.vertx();
            io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler =
                    mode.equals("handler")
                            ? new dev.ferry.adapters.knative.internal.ProtocolRequestHandler(
                                    new dev.ferry.protocol.adapter.ProtocolExchange(
                                            CompletableFuture::completedFuture,
                                            PayloadLimits.HTTP_MAX_PAYLOAD_BYTES,
                                            null),
                                    null,
                                    false,
                                    new dev.ferry.adapters.knative.internal.ConcurrencyLimit(0),
                                    new dev.ferry.adapters.knative.internal.InFlightRequests(),
                                    () -> false,
                                    serverVertx)
                            : null;
            HttpServer bare =
                    serverVertx
                            .createHttpServer(
                                    new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                            .requestHandler(
                                    handler != null
                                            ? handler
                                            : r ->
                                                    r.body()
                                                            .onSuccess(
                                                                    b ->
                                                                            r.response()
                                                                                    .putHeader(
                                                                                            "Content-Type",
                                                                                            "application/octet-stream")
                                                                                    .end(b)));
            bare.listen().toCompletionStage().toCompletableFuture().get();
            measure(bare.actualPort(), seconds, inFlight, h2c, mode, body);
            serverVertx.close().toCompletionStage().toCompletableFuture().get();
            return;
        }
        RemoteHandler handler =
                mode.equals("echo")
                        ? CompletableFuture::completedFuture
                        : new ConformanceFunctions().get();
        try (KnativeFunctionServer server =
                KnativeFunctionServer.builder(handler)
                        .host("127.0.0.1")
                        .port(0)
                        .eventLoops(Integer.getInteger("eventLoops", 2))
                        .start()) {
            measure(server.port(), seconds, inFlight, h2c, mode, body);
        }
    }

    private static void measure(
            int port, int seconds, int inFlight, boolean h2c, String mode, byte[] body)
            throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpClientOptions options =
                new HttpClientOptions()
                        .setDefaultHost("127.0.0.1")
                        .setDefaultPort(port)
                        .setKeepAlive(true)
                        .setTcpNoDelay(true);
        if (h2c) {
            options.setProtocolVersion(HttpVersion.HTTP_2)
                    .setHttp2ClearTextUpgrade(false)
                    .setHttp2MultiplexingLimit(inFlight);
        }
        HttpClient client =
                vertx.createHttpClient(
                        options, new PoolOptions().setHttp1MaxSize(inFlight).setHttp2MaxSize(4));
        RequestOptions request =
                new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setURI("/statefun")
                        .putHeader("Content-Type", "application/octet-stream");
        Buffer payload = Buffer.buffer(body);
        Run run = new Run(client, request, payload, seconds, inFlight);
        run.start();
        run.finished.await(seconds + 60L, TimeUnit.SECONDS);
        System.out.printf(
                "%s, %s, %d in flight, %d-byte requests: %.0f req/s over %d s (%d failed)%n",
                h2c ? "h2c" : "HTTP/1.1",
                mode,
                inFlight,
                body.length,
                run.measured() / (double) seconds,
                seconds,
                run.failed.get());
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Keeps {@code inFlight} requests going: 3 s of warm-up, then {@code seconds} counted. */
    private static final class Run {
        final HttpClient client;
        final RequestOptions request;
        final Buffer payload;
        final int inFlight;
        final long warmupEnd;
        final long end;
        final AtomicLong done = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong atWarmupEnd = new AtomicLong(-1);
        final CountDownLatch finished;

        Run(HttpClient client, RequestOptions request, Buffer payload, int seconds, int inFlight) {
            this.client = client;
            this.request = request;
            this.payload = payload;
            this.inFlight = inFlight;
            this.warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            this.end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
            this.finished = new CountDownLatch(inFlight);
        }

        void start() {
            for (int i = 0; i < inFlight; i++) {
                next();
            }
        }

        long measured() {
            return done.get() - Math.max(0, atWarmupEnd.get());
        }

        private void next() {
            long now = System.nanoTime();
            if (now >= end) {
                finished.countDown();
                return;
            }
            if (now >= warmupEnd) {
                atWarmupEnd.compareAndSet(-1, done.get());
            }
            client.request(request)
                    .compose(r -> r.send(payload))
                    .compose(response -> response.body().map(b -> response.statusCode() == 200))
                    .onComplete(
                            result -> {
                                if (result.succeeded() && result.result()) {
                                    done.incrementAndGet();
                                } else {
                                    failed.incrementAndGet();
                                }
                                next();
                            });
        }
    }

    private static byte[] request() {
        return ToFunction.newBuilder()
                .setInvocation(
                        ToFunction.InvocationBatchRequest.newBuilder()
                                .setTarget(
                                        FunctionAddress.of(
                                                        ConformanceFunctions.NAMESPACE,
                                                        "recorder",
                                                        "probe")
                                                .toProto())
                                .addState(
                                        ToFunction.PersistedValue.newBuilder()
                                                .setStateName("log")
                                                .setStateValue(PrimitiveCodecs.stringValue("")))
                                .addState(
                                        ToFunction.PersistedValue.newBuilder()
                                                .setStateName("count"))
                                .addInvocations(
                                        ToFunction.Invocation.newBuilder()
                                                .setArgument(
                                                        PrimitiveCodecs.stringValue(
                                                                "x".repeat(1000)))))
                .build()
                .toByteArray();
    }
}
