package dev.ferry.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.runtime.embedded.PrometheusSettings;
import dev.ferry.runtime.embedded.TraceExport;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.util.FileUtils;

/**
 * What metrics and tracing cost: each workload at maximum rate with both off, then with both on, in
 * the same JVM, one after the other. On means Flink's Prometheus reporter serving {@code /metrics}
 * (as {@code ferry run --metrics-port}) and the OpenTelemetry SDK installed from {@code OTEL_*}
 * settings (as {@code ferry run} does), exporting every span over OTLP/HTTP with the default batch
 * processor to a collector on loopback that reads and drops what it gets: spans are built, batched,
 * serialized and sent as in production, and only the collector's own work is left out. One {@code
 * /metrics} scrape of the traced counter run, its Ferry lines, is printed.
 *
 * <p>Arguments: {@code --observability [messages (100000)] [keys (1000)]}.
 */
final class ObservabilityOverhead {
    static final String SWITCH = "--observability";

    private ObservabilityOverhead() {}

    static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        System.out.printf(
                Locale.ROOT,
                "ferry observability overhead: %d messages, %d keys, maximum rate, RocksDB, 1 s"
                        + " exactly-once checkpoints, parallelism 1, %d cores%n",
                messages,
                keys,
                Runtime.getRuntime().availableProcessors());
        AtomicLong exportRequests = new AtomicLong();
        HttpServer collector = noOpCollector(exportRequests);
        List<String> scrape = new ArrayList<>();
        boolean allVerified = true;
        try (FunctionServerProcess functions = new FunctionServerProcess()) {
            for (Workload workload : Workload.values()) {
                // Unmeasured: the first run of a workload warms both JVMs up, which made whichever
                // setting ran second look up to 40% faster in a trial without it.
                run(workload, messages, keys, functions, Map.of(), null);
                BenchmarkRun.Result off = run(workload, messages, keys, functions, Map.of(), null);
                int metricsPort = freePort();
                OpenTelemetrySdk sdk =
                        TraceExport.installIfRequested(
                                Map.of(
                                        "OTEL_SERVICE_NAME", "ferry-benchmark",
                                        "OTEL_TRACES_EXPORTER", "otlp",
                                        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                                                "http://127.0.0.1:"
                                                        + collector.getAddress().getPort()));
                BenchmarkRun.Result on;
                try {
                    on =
                            run(
                                    workload,
                                    messages,
                                    keys,
                                    functions,
                                    PrometheusSettings.of(metricsPort),
                                    scrape.isEmpty()
                                            ? () -> scrape.addAll(ferryLines(metricsPort))
                                            : null);
                } finally {
                    sdk.close();
                    // Invokers look for an SDK when they are created: the next run has none.
                    GlobalOpenTelemetry.resetForTest();
                }
                System.out.println(line(off, on));
                allVerified &= off.verified() && on.verified();
            }
        } finally {
            collector.stop(0);
        }
        System.out.printf(
                Locale.ROOT,
                "OTLP export requests the collector received: %,d%n",
                exportRequests.get());
        System.out.println("/metrics of the traced counter run (Ferry's lines, at the end):");
        scrape.forEach(System.out::println);
        System.exit(allVerified ? 0 : 1);
    }

    private static BenchmarkRun.Result run(
            Workload workload,
            int messages,
            int keys,
            FunctionServerProcess functions,
            Map<String, String> settings,
            Runnable beforeStop)
            throws Exception {
        Path checkpoints = Files.createTempDirectory("ferry-bench");
        try {
            return BenchmarkRun.run(
                    workload,
                    messages,
                    keys,
                    0,
                    functions,
                    checkpoints,
                    settings,
                    beforeStop == null ? () -> {} : beforeStop);
        } finally {
            FileUtils.deleteDirectory(checkpoints.toFile());
        }
    }

    static String line(BenchmarkRun.Result off, BenchmarkRun.Result on) {
        return String.format(
                Locale.ROOT,
                "%-8s off %,.0f msg/s | metrics and tracing on %,.0f msg/s (%+.1f%%) | %s",
                off.workload().label(),
                off.throughput(),
                on.throughput(),
                (on.throughput() / off.throughput() - 1) * 100,
                off.verified() && on.verified()
                        ? "verified"
                        : "NOT VERIFIED: "
                                + (off.problem() != null ? off.problem() : on.problem()));
    }

    /** Ferry's metrics of one scrape: per function, endpoint and egress, and the dispatcher's. */
    private static List<String> ferryLines(int port) {
        try {
            String body =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            return body.lines()
                    .filter(line -> !line.startsWith("#"))
                    .filter(
                            line ->
                                    line.contains("_operator_function_")
                                            || line.contains("_operator_endpoint_")
                                            || line.contains("_operator_egress_")
                                            || line.contains("_operator_backlog")
                                            || line.contains("_operator_inFlightInvocations"))
                    .map(ObservabilityOverhead::withoutFlinkLabels)
                    .toList();
        } catch (IOException e) {
            return List.of("(scrape failed: " + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("(scrape interrupted)");
        }
    }

    /** A metric line without the labels of Flink's scope (job, task, host, ...), for reading. */
    static String withoutFlinkLabels(String line) {
        return line.replaceAll(
                        "(host|tm_id|job_id|job_name|task_id|task_attempt_id|task_attempt_num"
                                + "|task_name|operator_id|operator_name|subtask_index)=\"[^\"]*\",?",
                        "")
                .replace(",}", "}");
    }

    /** An OTLP/HTTP collector on loopback that reads every request, counts it and answers 200. */
    private static HttpServer noOpCollector(AtomicLong requests) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/v1/traces",
                exchange -> {
                    try (InputStream body = exchange.getRequestBody()) {
                        body.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                    requests.incrementAndGet();
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
        server.start();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
