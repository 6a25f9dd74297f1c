package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.http.SdkFunctionServerExtension;
import dev.ferry.runtime.embedded.RetainedCheckpoints;
import dev.ferry.testkit.FerryRunProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ferry run} (the real command line, in its own JVM) tells while it runs: one log line
 * per completed checkpoint, only as much as {@code --log-level} lets through, and with {@code
 * --web-ui} the URL of Flink's dashboard.
 */
class LiveRunITCase {
    private static final Pattern CHECKPOINT_LINE =
            Pattern.compile(
                    "INFO  CompletedCheckpointLog - Checkpoint (\\d+) completed in \\d+ ms:"
                            + " \\d+(\\.\\d)? [kMGT]?B written, state \\d+(\\.\\d)? [kMGT]?B");

    private static final Pattern WEB_UI_LINE =
            Pattern.compile("ferry: web UI at (http://127\\.0\\.0\\.1:\\d+/)");

    /** Drawn in place; the generator sends 20 messages a second, each counted once in. */
    private static final Pattern STATUS_LINE =
            Pattern.compile(
                    "\r\033\\[Kin [1-9][0-9]*/s \\| out [0-9,]+/s \\| in flight \\d+ \\|"
                            + " buffered \\d+ \\| checkpoint \\d+ \\([0-9.]+ [kMG]?B, \\d+ ms\\)"
                            + " \\| restarts 0");

    /** The print egress's record, printed on a line of its own above the status line. */
    private static final Pattern RECORD_ABOVE_STATUS = Pattern.compile("\r\033\\[Ktest/out: ");

    /** Anything but the next redraw or a line break right after the status text. */
    private static final Pattern TEXT_AFTER_STATUS =
            Pattern.compile("\\| restarts [0-9,-]+[^\\r\\n0-9,-]");

    @RegisterExtension
    static final SdkFunctionServerExtension FUNCTIONS =
            new SdkFunctionServerExtension(TestFunctions::all);

    @Test
    void logsEachCompletedCheckpointAndFlinksInfoAtLogLevelInfo(@TempDir Path dir)
            throws Exception {
        try (FerryRunProcess run = start(dir, "--log-level", "INFO")) {
            await("three checkpoint lines")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the runtime process ended", () -> !run.isAlive())
                    .until(() -> checkpointIds(run.output()).size() >= 3);
            List<Long> ids = checkpointIds(run.output());
            assertThat(ids)
                    .as("one line per checkpoint, in order; output:\n%s", run.output())
                    .isSorted()
                    .doesNotHaveDuplicates();
            assertThat(run.output())
                    .as("Flink's own INFO lines, which the default configuration keeps back")
                    .contains("INFO  MiniCluster - ");
            assertThat(run.output())
                    .as("no status line when the output is not a terminal")
                    .doesNotContain("\033[K")
                    .doesNotContain(" | in flight ");
        }
    }

    @Test
    void logsNeitherCheckpointsNorFlinksInfoAtLogLevelWarn(@TempDir Path dir) throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        try (FerryRunProcess run = start(dir, "--log-level", "WARN")) {
            await("a third retained checkpoint")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the runtime process ended", () -> !run.isAlive())
                    .until(() -> checkpointNumber(checkpoints) >= 3);
            // The poller runs once a second: give it two rounds for the checkpoints seen on disk.
            long seen = checkpointNumber(checkpoints);
            await("a checkpoint two poll rounds later")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the runtime process ended", () -> !run.isAlive())
                    .conditionEvaluationListener(
                            condition -> {
                                if (condition.getRemainingTimeInMS() <= 200) {
                                    System.out.println("ferry run printed:\n" + run.output());
                                }
                            })
                    .until(() -> checkpointNumber(checkpoints) >= seen + 2);
            assertThat(run.output())
                    .doesNotContain(" INFO ")
                    .doesNotContain("CompletedCheckpointLog");
            assertThat(run.output()).contains("ferry: running ");
        }
    }

    @Test
    void servesFlinksDashboardOnThePrintedLoopbackUrlWithWebUi(@TempDir Path dir) throws Exception {
        try (FerryRunProcess run = start(dir, "--web-ui")) {
            await("the web UI line")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the runtime process ended", () -> !run.isAlive())
                    .until(() -> WEB_UI_LINE.matcher(run.output()).find());
            Matcher line = WEB_UI_LINE.matcher(run.output());
            assertThat(line.find()).isTrue();
            URI dashboard = URI.create(line.group(1));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> index =
                    http.send(
                            HttpRequest.newBuilder(dashboard)
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(index.statusCode()).as("GET %s", dashboard).isEqualTo(200);
            assertThat(index.body()).contains("<title>Apache Flink Web Dashboard</title>");
            assertThat(run.output())
                    .as("Flink's warnings about tokens and log files, which an embedded run lacks")
                    .doesNotContain("DefaultDelegationTokenManager")
                    .doesNotContain("WebMonitorUtils");
            HttpResponse<String> upload =
                    http.send(
                            HttpRequest.newBuilder(dashboard.resolve("jars"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode())
                    .as("jar submission is off: GET /jars answered %s", upload.body())
                    .isEqualTo(404);
        }
    }

    @Test
    void drawsAStatusLineInPlaceOnATerminal(@TempDir Path dir) throws Exception {
        try (FerryRunProcess run =
                FerryRunProcess.startOnTerminal(
                        arguments(dir), Map.of("COLUMNS", "200"), dir.resolve("run.log"))) {
            await("a status line with messages flowing and a completed checkpoint")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the runtime process ended", () -> !run.isAlive())
                    .conditionEvaluationListener(
                            condition -> {
                                if (condition.getRemainingTimeInMS() <= 200) {
                                    System.out.println("ferry run showed:\n" + run.output());
                                }
                            })
                    .until(() -> STATUS_LINE.matcher(run.output()).find());
            assertThat(run.output())
                    .as("the status line replaces the per-checkpoint log lines")
                    .doesNotContain("CompletedCheckpointLog");
            await("a record of the print egress")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the runtime process ended", () -> !run.isAlive())
                    .until(() -> RECORD_ABOVE_STATUS.matcher(run.output()).find());
            assertThat(run.output())
                    .as("the records printed meanwhile start lines of their own")
                    .doesNotContainPattern(TEXT_AFTER_STATUS);
        }
    }

    private FerryRunProcess start(Path dir, String... options) throws Exception {
        return FerryRunProcess.start(arguments(dir, options), Map.of(), dir.resolve("run.log"));
    }

    /**
     * A module of a generator (20 messages a second) and the test FUNCTIONS.server(), and the
     * options.
     */
    private List<String> arguments(Path dir, String... options) throws Exception {
        Path module = dir.resolve("module.yaml");
        Files.writeString(
                module,
                """
                kind: io.statefun.endpoints.v2/http
                spec:
                  functions: test/*
                  urlPathTemplate: %s/{function.name}
                ---
                kind: ferry.io.v1/generator
                spec:
                  id: test/numbers
                  targets: [test/counter]
                  rate: 20
                  keySpace: 5
                ---
                kind: ferry.io.v1/print
                spec:
                  id: test/out
                """
                        .formatted(FUNCTIONS.server().url("http", "")));
        List<String> arguments = new ArrayList<>();
        arguments.add(module.toString());
        arguments.addAll(
                List.of(
                        "--checkpoint-dir",
                        dir.resolve("checkpoints").toUri().toString(),
                        "--checkpoint-interval",
                        "300ms",
                        "--no-preflight"));
        arguments.addAll(List.of(options));
        return arguments;
    }

    private static List<Long> checkpointIds(String output) {
        List<Long> ids = new ArrayList<>();
        Matcher line = CHECKPOINT_LINE.matcher(output);
        while (line.find()) {
            ids.add(Long.parseLong(line.group(1)));
        }
        return ids;
    }

    private static long checkpointNumber(Path checkpoints) {
        return RetainedCheckpoints.latest(checkpoints.toUri().toString())
                .map(latest -> Long.parseLong(latest.getFileName().toString().substring(4)))
                .orElse(0L);
    }
}
