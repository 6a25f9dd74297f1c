package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.http.SdkFunctionServer.Fault;
import dev.ferry.invokers.http.SdkFunctionServerExtension;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.embedded.EmbeddedOptions;
import dev.ferry.runtime.embedded.EmbeddedRunner;
import dev.ferry.runtime.embedded.PrometheusSettings;
import dev.ferry.runtime.module.Module;
import dev.ferry.testkit.FreePort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics of a job, scraped from {@code /metrics} as Prometheus would: a module run as {@code
 * ferry run --metrics-port} runs it (on the embedded MiniCluster, with the Prometheus reporter),
 * against StateFun SDK functions on loopback that answer 503 to the first requests. The attempts
 * the metrics count equal the requests the function server received, and the injected 503s appear
 * as retries of cause {@code server-error}. Flink's reporter writes a label value with every
 * character outside {@code [a-zA-Z0-9:_]} as {@code _}: {@code test/counter} is {@code
 * test_counter}.
 */
class PrometheusMetricsITCase {
    private static final String SCOPE = "flink_taskmanager_job_task_operator_";
    private static final int MESSAGES = 200;
    private static final int INJECTED_503S = 5;

    @RegisterExtension
    static final SdkFunctionServerExtension FUNCTIONS =
            new SdkFunctionServerExtension(TestFunctions::all);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void scrapedInvocationsMatchTheFunctionServerAndInjectedFailuresAreRetries(
            @TempDir Path checkpoints) throws Exception {
        Fault[] unavailable = new Fault[INJECTED_503S];
        Arrays.fill(unavailable, Fault.STATUS_503_RETRY_AFTER_0);
        FUNCTIONS.server().enqueue(unavailable);
        int port = FreePort.onLoopback();
        EmbeddedOptions options =
                new EmbeddedOptions(
                        checkpoints.toString(),
                        Duration.ofMillis(500),
                        1,
                        null,
                        EmbeddedOptions.DEFAULT_BUFFER_TIMEOUT,
                        PrometheusSettings.of(port),
                        null,
                        false);
        JobClient job = EmbeddedRunner.start(ModulePlanner.plan(module()), options);
        try {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> isDone(scrape(port)));
            String metrics = scrape(port);
            // Kept for reading: what a scrape of a finished run looks like.
            Files.writeString(Path.of("target", "prometheus-scrape.txt"), metrics);

            assertThat(sum(metrics, "endpoint_attempts", ""))
                    .as("attempts counted by the metrics")
                    .isEqualTo(FUNCTIONS.server().requests());
            assertThat(sum(metrics, "endpoint_cause_retries", "cause=\"server_error\""))
                    .isEqualTo(INJECTED_503S);
            assertThat(sum(metrics, "function_remoteInvocations", ""))
                    .as("batches sent: every request but the failed ones")
                    .isEqualTo(FUNCTIONS.server().requests() - INJECTED_503S);
            assertThat(sum(metrics, "function_in", "function=\"test_counter\""))
                    .isEqualTo(MESSAGES);
            assertThat(sum(metrics, "function_outLocal", "function=\"test_echo\""))
                    .as("parallelism 1: every message to test/echo stays in the task")
                    .isEqualTo(MESSAGES);
            assertThat(sum(metrics, "egress_records", "egress=\"test_out\""))
                    .isEqualTo(2 * MESSAGES);
            assertThat(metrics)
                    .contains(SCOPE + "function_remoteInvocationLatencyMs{")
                    .contains(SCOPE + "function_batchSize_count{")
                    .contains(SCOPE + "inFlightInvocations{")
                    .contains(SCOPE + "backlog{");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
            job.getJobExecutionResult().handle((result, failure) -> null).get(60, TimeUnit.SECONDS);
        }
    }

    private static Module module() {
        return new CounterAndEchoRun(10, MESSAGES)
                .module(
                        // Generous: a restart after a slow first reply on a busy machine would
                        // start the counts afresh.
                        CounterAndEchoRun.http(FUNCTIONS.server(), Duration.ofSeconds(60)), 400);
    }

    /** Every reply applied (each message made its egress record) and nothing in flight. */
    private static boolean isDone(String metrics) {
        return sum(metrics, "egress_records", "egress=\"test_out\"") >= 2 * MESSAGES
                && metrics.contains(SCOPE + "inFlightInvocations{")
                && sum(metrics, "inFlightInvocations", "") == 0;
    }

    private String scrape(int port) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The sum of the samples of {@code SCOPE + metric} whose labels contain {@code label}. */
    private static long sum(String metrics, String metric, String label) {
        double total = 0;
        for (String line : metrics.lines().toList()) {
            if (line.startsWith(SCOPE + metric + "{") && line.contains(label)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(total);
    }
}
