package dev.ferry.benchmarks;

import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.testkit.FerryRunProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.io.FileUtils;

/**
 * Requests per second and acknowledgement latency of the durable HTTP ingress ({@code
 * ferry.io.v1/http}): {@code ferry run} in its own JVM with the ingress routing to {@code
 * bench/counter} (the SDK functions in another JVM), a fixed number of clients each sending its
 * next request as soon as the previous one is answered {@code 202}. Latency is from sending a
 * request to its {@code 202}, which comes after the checkpoint holding the message; so it is run at
 * each checkpoint interval given.
 *
 * <p>Arguments: {@code [seconds measured (20)] [clients (256)] [checkpoint intervals (100ms,1s)]}.
 * The first 5 seconds of each run are the warm-up, left out.
 */
public final class HttpIngressBenchmark {
    private static final int KEYS = 1000;
    private static final int WARM_UP_SECONDS = 5;

    private HttpIngressBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        String[] intervals = (args.length > 2 ? args[2] : "100ms,1s").split(",");
        int failures = 0;
        try (FunctionServerProcess functions = new FunctionServerProcess()) {
            for (String interval : intervals) {
                String line = run(interval, seconds, clients, functions);
                System.out.println(line);
                failures += line.contains(" 0 req/s") ? 1 : 0;
            }
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    private static String run(
            String interval, int seconds, int clients, FunctionServerProcess functions)
            throws Exception {
        Path work = Files.createTempDirectory("ferry-http-bench");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path module = work.resolve("module.yaml");
        Files.writeString(
                module,
                """
                kind: io.statefun.endpoints.v2/http
                spec:
                  functions: bench/*
                  urlPathTemplate: %s
                  transport:
                    type: io.statefun.transports.v1/async
                ---
                kind: ferry.io.v1/http
                spec:
                  id: bench/http
                  port: %d
                  maxPendingRequests: %d
                  routes:
                    - path: count
                      valueType: io.statefun.types/long
                      targets: [bench/counter]
                ---
                kind: ferry.io.v1/print
                spec:
                  id: bench/out
                  output: log
                """
                        .formatted(functions.url(), port, Math.max(10_000, clients * 2)));
        List<String> arguments =
                List.of(
                        module.toString(),
                        "--checkpoint-dir",
                        work.resolve("checkpoints").toUri().toString(),
                        "--checkpoint-interval",
                        interval,
                        "--log-level",
                        "WARN");
        Vertx vertx = Vertx.vertx();
        try (FerryRunProcess runtime =
                FerryRunProcess.start(arguments, Map.of(), work.resolve("run.log"))) {
            HttpClient client =
                    vertx.createHttpClient(
                            new HttpClientOptions()
                                    .setDefaultHost("127.0.0.1")
                                    .setDefaultPort(port),
                            new PoolOptions().setHttp1MaxSize(clients));
            awaitFirstAcknowledgement(client, runtime);
            Load load = new Load(client, clients);
            load.start();
            TimeUnit.SECONDS.sleep(WARM_UP_SECONDS);
            load.measuring.set(true);
            long started = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            load.measuring.set(false);
            double elapsed = (System.nanoTime() - started) / 1e9;
            load.running.set(false);
            List<Long> latencies = load.latencies();
            Collections.sort(latencies);
            return String.format(
                    "http ingress  checkpoint %-5s | %d clients | %,.0f req/s | ack p50 %.1f ms,"
                            + " p99 %.1f ms | %d not answered 202",
                    interval,
                    clients,
                    latencies.size() / elapsed,
                    percentile(latencies, 0.50) / 1e6,
                    percentile(latencies, 0.99) / 1e6,
                    load.refused.get());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            FileUtils.deleteDirectory(work.toFile());
        }
    }

    /** Sends one request until the ingress listens and acknowledges it (the job is running). */
    private static void awaitFirstAcknowledgement(HttpClient client, FerryRunProcess runtime)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!runtime.isAlive()) {
                throw new IllegalStateException("ferry run ended:\n" + runtime.output());
            }
            try {
                int status =
                        send(client, 0)
                                .toCompletionStage()
                                .toCompletableFuture()
                                .get(30, TimeUnit.SECONDS);
                if (status == 202) {
                    return;
                }
            } catch (Exception e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("no 202 within 120 s:\n" + runtime.output());
    }

    private static Future<Integer> send(HttpClient client, long n) {
        return client.request(
                        new RequestOptions()
                                .setMethod(HttpMethod.POST)
                                .setURI("/count/" + n % KEYS))
                .compose(
                        request ->
                                request.send(Buffer.buffer(PrimitiveCodecs.encodeLong(n)))
                                        .compose(
                                                response ->
                                                        response.body()
                                                                .map(
                                                                        body ->
                                                                                response
                                                                                        .statusCode())));
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty()
                ? 0
                : sorted.get((int) Math.min(sorted.size() - 1, p * sorted.size()));
    }

    /** {@code clients} loops, each sending its next request when the previous one is answered. */
    private static final class Load {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicBoolean measuring = new AtomicBoolean(false);
        final AtomicLong refused = new AtomicLong();
        private final AtomicLong next = new AtomicLong();
        private final List<Long> latencies = new ArrayList<>();
        private final HttpClient client;
        private final int clients;

        Load(HttpClient client, int clients) {
            this.client = client;
            this.clients = clients;
        }

        void start() {
            for (int i = 0; i < clients; i++) {
                fire();
            }
        }

        private void fire() {
            if (!running.get()) {
                return;
            }
            long sent = System.nanoTime();
            send(client, next.getAndIncrement())
                    .onComplete(
                            result -> {
                                boolean measured = measuring.get();
                                if (result.succeeded() && result.result() == 202) {
                                    if (measured) {
                                        synchronized (latencies) {
                                            latencies.add(System.nanoTime() - sent);
                                        }
                                    }
                                } else if (measured) {
                                    refused.incrementAndGet();
                                }
                                fire();
                            });
        }

        List<Long> latencies() {
            synchronized (latencies) {
                return new ArrayList<>(latencies);
            }
        }
    }
}
