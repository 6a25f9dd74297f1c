package dev.ferry.benchmarks;

import dev.ferry.benchmarks.functions.FunctionServerMain;
import dev.ferry.benchmarks.functions.SoakFault;
import dev.ferry.runtime.module.AddressBatching;
import dev.ferry.runtime.module.EndpointSpec;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.KnativeEndpointSpec;
import dev.ferry.runtime.module.ModuleBuilder;
import dev.ferry.runtime.module.RetrySpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark functions in their own JVM, as a function platform would run them: started on a
 * free loopback port, asked for their request and message counts, stopped with the harness (the
 * child also exits when its standard input closes).
 */
final class FunctionServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    /** Where the functions are served: the control port, or the Knative adapter server's. */
    private final int functionsPort;

    private final HttpClient client = HttpClient.newHttpClient();

    /** With address batches: the Knative adapter server and its endpoint's setting; else null. */
    private final AddressBatching batching;

    FunctionServerProcess() throws IOException {
        this(null);
    }

    /**
     * @param batching null for a plain StateFun SDK server behind an HTTP endpoint; otherwise the
     *     functions are served by Ferry's Knative adapter server (which understands address
     *     batches) behind a Knative endpoint with this setting
     */
    FunctionServerProcess(AddressBatching batching) throws IOException {
        this.batching = batching;
        boolean knative = batching != null;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process =
                new ProcessBuilder(
                                java,
                                // As StateFun's peer benchmark starts its function server: the
                                // same heap and collector on both sides of a comparison.
                                "-Xms512m",
                                "-Xmx512m",
                                "-XX:+UseParallelGC",
                                "-cp",
                                System.getProperty("java.class.path"),
                                FunctionServerMain.class.getName(),
                                "0",
                                knative ? "knative" : "sdk")
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("LISTENING ")) {
            process.destroyForcibly();
            throw new IOException("the function server did not start: " + line);
        }
        String[] ports = line.substring("LISTENING ".length()).trim().split(" ");
        port = Integer.parseInt(ports[0]);
        functionsPort = ports.length > 1 ? Integer.parseInt(ports[1]) : port;
    }

    /** The endpoint the runtime calls the functions with. */
    EndpointSpec endpoint() {
        if (batching == null) {
            return ModuleBuilder.http("bench/*", url());
        }
        return new KnativeEndpointSpec(
                FunctionPattern.parse("bench/*"),
                url(),
                null,
                EndpointSpec.DEFAULT_CALL_TIMEOUT,
                EndpointSpec.DEFAULT_CONNECT_TIMEOUT,
                KnativeEndpointSpec.DEFAULT_COLD_START_BUDGET,
                EndpointSpec.DEFAULT_MAX_NUM_BATCH_REQUESTS,
                RetrySpec.defaults(),
                batching);
    }

    /**
     * One path for every benchmark function, as StateFun's peer declares its endpoint ({@code
     * /statefun}): both servers dispatch on the request's target, and with address batching the
     * chain's two functions share one lane, as functions of one service do.
     */
    String url() {
        return "http://127.0.0.1:" + functionsPort + "/statefun";
    }

    /**
     * Requests served, messages applied and nanoseconds spent in the SDK's handler so far:
     * {requests, messages, nanos}.
     */
    /**
     * Whether {@link #stats()} times the invocations: the plain SDK server does; the Knative
     * adapter serves the functions itself and does not.
     */
    boolean timesInvocations() {
        return batching == null;
    }

    long[] stats() throws IOException, InterruptedException {
        Map<String, Long> counters = counters();
        return new long[] {
            counters.get("requests"),
            counters.get("messages"),
            // The Knative adapter serves the functions itself and does not time them.
            timesInvocations() ? counters.get("nanos") : 0L
        };
    }

    /**
     * The server's counters: {@code requests}, {@code messages}, {@code nanos}, {@code
     * served.<fault>} for each {@link SoakFault} and {@code queued} (faults not yet served).
     */
    Map<String, Long> counters() throws IOException, InterruptedException {
        String body = send(HttpRequest.newBuilder(uri("/stats")).build());
        Map<String, Long> counters = new HashMap<>();
        for (String part : body.trim().split(" ")) {
            String[] kv = part.split("=");
            counters.put(kv[0], Long.parseLong(kv[1]));
        }
        return counters;
    }

    /** Queues {@code fault} for each of the next {@code count} function requests. */
    void inject(SoakFault fault, int count) throws IOException, InterruptedException {
        send(
                HttpRequest.newBuilder(uri("/faults/" + fault.label + "?count=" + count))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
