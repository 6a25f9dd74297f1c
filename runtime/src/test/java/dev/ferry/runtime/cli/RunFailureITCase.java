package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.adapters.aws.testing.LambdaFixture;
import dev.ferry.testkit.FreePort;
import dev.ferry.testkit.LocalKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry run} of a module whose Lambda function name is wrong: the loopback Lambda fixture
 * answers 404 as Lambda does, the job restarts as many times as {@code --max-restarts} allows, and
 * the command ends with exit code 1 and one line that names the function and the answer, after a
 * line for each restart. And a bad Kafka record, which ends the run at once with one line naming
 * the record.
 */
class RunFailureITCase {
    private static LambdaFixture lambda;

    @BeforeAll
    static void startLambda() throws Exception {
        lambda = new LambdaFixture();
        lambda.onlyFunction("ferry-counter");
    }

    @AfterAll
    static void stopLambda() {
        if (lambda != null) {
            lambda.close();
        }
    }

    @Test
    void aWrongFunctionNameEndsTheRunWithinTheRestartBudgetWithItsCause(@TempDir Path dir)
            throws Exception {
        Path module = dir.resolve("module.yaml");
        Files.writeString(
                module,
                """
                kind: ferry.endpoints.v1/lambda
                spec:
                  functions: test/*
                  functionName: ferry-countr
                  region: us-east-1
                  credentials: {type: static, accessKeyId: test, secretAccessKey: test}
                  endpointOverride: %s
                ---
                kind: ferry.io.v1/generator
                spec:
                  id: test/numbers
                  targets: [test/counter]
                  count: 1
                  keySpace: 1
                ---
                kind: ferry.io.v1/print
                spec:
                  id: test/out
                """
                        .formatted(lambda.endpoint()));
        // Restarts 3 s apart: a restart's line comes within about 2 s (the failure history is
        // polled once a second from a copy at most 1 s old), and the runtime's REST endpoint is
        // gone soon after the job's end, so a restart less than that before the end may go
        // unlogged.
        Path flinkConf = dir.resolve("flink.yaml");
        Files.writeString(
                flinkConf,
                """
                restart-strategy.exponential-delay.initial-backoff: 3s
                restart-strategy.exponential-delay.max-backoff: 3s
                restart-strategy.exponential-delay.jitter-factor: 0
                """);
        long started = System.nanoTime();
        List<String> restartLines;
        CliResult run;
        try (LoggedLines restarts = LoggedLines.of(RestartLog.class)) {
            run =
                    ferryRun(
                            dir,
                            module,
                            "--flink-conf",
                            flinkConf.toString(),
                            "--max-restarts",
                            "2");
            restartLines = restarts.lines();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertFailedWithOneLine(run)
                .satisfies(
                        line ->
                                assertThat(line)
                                        .startsWith("ferry: the job failed: ")
                                        .contains("ferry-countr")
                                        .contains("404 ResourceNotFoundException")
                                        .doesNotContain("JobExecutionException"));
        // Each restart's cause is the one the run ends with, in the same one line.
        String cause = run.err().strip().substring("ferry: the job failed: ".length());
        assertThat(restartLines)
                .as("one line per restart")
                .containsExactly(
                        "The job failed and restarts (restart 1 of at most 2 in a row): " + cause,
                        "The job failed and restarts (restart 2 of at most 2 in a row): " + cause);
        assertThat(lambda.invocations())
                .as("the first run and two restarts, each sending the one message once")
                .hasSize(3)
                .allSatisfy(call -> assertThat(call.functionName()).isEqualTo("ferry-countr"));
        // The invocation count proves the budget; this only catches a run that never ends.
        assertThat(took).isLessThan(Duration.ofMinutes(3));
    }

    /**
     * A Kafka record whose value is not of the ingress's type fails the job at once (no restarts,
     * the default {@code onBadRecord: fail}): the run ends with the record's problem and position,
     * not with the wrapper Flink throws it in to suppress restarts.
     */
    @Test
    void aBadRecordEndsTheRunAtOnceWithItsPosition(@TempDir Path dir) throws Exception {
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start()) {
            kafka.createTopics(1, "in");
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(
                            Map.of("bootstrap.servers", kafka.bootstrapServers()),
                            new ByteArraySerializer(),
                            new ByteArraySerializer())) {
                producer.send(
                                new ProducerRecord<>(
                                        "in",
                                        "k".getBytes(StandardCharsets.UTF_8),
                                        "plain text, not a string value"
                                                .getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
            Path module = dir.resolve("module.yaml");
            Files.writeString(
                    module,
                    """
                    kind: io.statefun.endpoints.v2/http
                    spec:
                      functions: test/*
                      urlPathTemplate: http://127.0.0.1:9/{function.name}
                    ---
                    kind: io.statefun.kafka.v1/ingress
                    spec:
                      id: test/in
                      address: %s
                      startupPosition: {type: earliest}
                      topics:
                        - topic: in
                          valueType: io.statefun.types/string
                          targets: [test/counter]
                    ---
                    kind: ferry.io.v1/print
                    spec:
                      id: test/out
                    """
                            .formatted(kafka.bootstrapServers()));
            CliResult run;
            try (LoggedLines restarts = LoggedLines.of(RestartLog.class)) {
                run = ferryRun(dir, module);
                assertThat(restarts.lines()).as("restarts logged").isEmpty();
            }

            assertFailedWithOneLine(run)
                    .satisfies(
                            line ->
                                    assertThat(line)
                                            .startsWith(
                                                    "ferry: the job failed: ingress test/in cannot"
                                                            + " route the record at")
                                            .contains("topic=in", "partition=0", "offset=0")
                                            .contains("not a valid io.statefun.types/string")
                                            .doesNotContain("Unrecoverable"));
        }
    }

    /**
     * A checkpoint that holds state of an ingress the module no longer has: the restore is refused
     * with what happened and the option that drops that state, and with the option the run gets
     * past the restore (its function cannot be reached, so it then ends with that failure).
     */
    @Test
    void aRestoreWithoutAnIngressOfTheCheckpointNamesTheWayOn(@TempDir Path dir) throws Exception {
        String common =
                """
                kind: io.statefun.endpoints.v2/http
                spec:
                  functions: test/*
                  urlPathTemplate: http://127.0.0.1:9/{function.name}
                  transport: {call: 2s}
                ---
                kind: ferry.io.v1/generator
                spec:
                  id: test/numbers
                  targets: [test/counter]
                  count: 1
                  keySpace: 1
                """;
        Path before = dir.resolve("before.yaml");
        Files.writeString(
                before,
                common
                        + """
                        ---
                        kind: ferry.io.v1/http
                        spec:
                          id: test/orders
                          port: %d
                        """
                                .formatted(FreePort.onLoopback()));
        Path after = dir.resolve("after.yaml");
        Files.writeString(after, common);

        // Checkpoints every 100 ms while the one invocation waits for its 2 s budget, then the
        // run ends at that failure, keeping its checkpoints.
        CliResult first =
                ferryRun(dir, before, "--checkpoint-interval", "100ms", "--max-restarts", "0");
        assertThat(first.exitCode()).as("the first run, %s", first.err()).isEqualTo(1);

        CliResult refused = ferryRun(dir, after, "--restore", "latest", "--max-restarts", "0");
        assertThat(refused.exitCode()).as("exit code, %s", refused.err()).isEqualTo(2);
        assertThat(refused.out()).contains("ferry: restoring from checkpoint ");
        assertThat(refused.err().strip())
                .doesNotContain("\n")
                .startsWith(
                        "ferry: the snapshot to restore holds state of an operator that the modules"
                                + " no longer have (Flink operator id ")
                .endsWith("add --allow-non-restored-state to drop that state and restore the rest");

        CliResult allowed =
                ferryRun(
                        dir,
                        after,
                        "--restore",
                        "latest",
                        "--allow-non-restored-state",
                        "--max-restarts",
                        "0");
        assertThat(allowed.out()).contains("ferry: restoring from checkpoint ");
        assertFailedWithOneLine(allowed)
                .startsWith("ferry: the job failed: invocation of test/counter:0");

        CliResult withoutRestore = ferryRun(dir, after, "--allow-non-restored-state");
        assertThat(withoutRestore.exitCode()).isEqualTo(1);
        assertThat(withoutRestore.err())
                .contains("--allow-non-restored-state applies to a restore; add --restore latest");
    }

    /** {@code ferry run} in this JVM, checkpointing into {@code dir}. */
    private static CliResult ferryRun(Path dir, Path module, String... options) {
        List<String> arguments =
                new java.util.ArrayList<>(
                        List.of(
                                "run",
                                module.toString(),
                                "--checkpoint-dir",
                                dir.resolve("checkpoints").toString(),
                                "--no-preflight"));
        arguments.addAll(List.of(options));
        return CliResult.execute(arguments.toArray(String[]::new));
    }

    /** Exit code 1 and one line on standard error: that line. */
    private static AbstractStringAssert<?> assertFailedWithOneLine(CliResult run) {
        System.out.println("ferry run printed: " + run.err());
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(1);
        List<String> lines = run.err().lines().toList();
        assertThat(lines).as("standard error").hasSize(1);
        return assertThat(lines.get(0));
    }
}
