package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.runtime.embedded.FlinkSettings;
import dev.ferry.runtime.embedded.RetainedCheckpoints;
import dev.ferry.testkit.FerryRunProcess;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime process dies without warning: {@code ferry run} (the real command line, in its own
 * JVM) reads Kafka, calls SDK functions over loopback and writes Kafka exactly-once; it is killed
 * with SIGKILL while records flow and a transaction is open, and {@code ferry run --restore latest}
 * in a new JVM must resume from the last retained checkpoint (it prints which) so that a {@code
 * read_committed} reader sees every output record exactly once. Until the kill, the run logs no
 * warning: Flink's and Kafka's at every start of a Kafka job are filtered by the runtime's logging
 * configuration ({@code LoggingConfigurationTest}).
 */
class RuntimeProcessKillITCase {
    private static final int KEYS = 10;
    private static final int BEFORE_KILL = 200;
    private static final int TOTAL = 600;
    private static final Pattern RESTORED =
            Pattern.compile("ferry: restoring from checkpoint (\\d+) at (\\S+)");

    @RegisterExtension
    static final KafkaWithFunctions SERVERS =
            new KafkaWithFunctions(2, "in", "out", "changelog-in", "changelog-out");

    @Test
    void aRuntimeKilledWithSigkillResumesFromItsLastCheckpointExactlyOnce(@TempDir Path dir)
            throws Exception {
        killAndResume(dir, new Topics("in", "out"), List.of());
    }

    /**
     * The same with the state changelog on: the restored checkpoint holds RocksDB's last
     * materialization and the changes logged since, and the resumed run must replay both.
     */
    @Test
    void withTheChangelogOnTooTheResumedRunIsExactlyOnce(@TempDir Path dir) throws Exception {
        Resumed resumed =
                killAndResume(
                        dir,
                        new Topics("changelog-in", "changelog-out"),
                        List.of("--changelog", "true"));
        assertThat(resumed.output()).contains("this job claims that snapshot");
        try (var files =
                Files.walk(resumed.checkpoints().resolve(FlinkSettings.CHANGELOG_FOLDER))) {
            assertThat(files.filter(Files::isRegularFile).count())
                    .as("files the changelog wrote beside the checkpoints")
                    .isPositive();
        }
    }

    /** The topic a run reads and the one its function writes to. */
    private record Topics(String in, String out) {}

    /** The checkpoint directory of a run and what its resumed run printed. */
    private record Resumed(Path checkpoints, String output) {}

    /** Runs, kills and resumes {@code ferry run}. */
    private static Resumed killAndResume(Path dir, Topics topics, List<String> options)
            throws Exception {
        Path module = dir.resolve("module.yaml");
        Files.writeString(
                module,
                resource("/kafka/statefun-example.yaml")
                        .replace("- topic: in\n", "- topic: " + topics.in() + "\n"));
        Path checkpoints = dir.resolve("checkpoints");
        Map<String, String> env =
                Map.of(
                        "FUNCTIONS_URL", SERVERS.functions().url("http", ""),
                        "KAFKA_ADDRESS", SERVERS.kafka().bootstrapServers());
        List<String> run =
                new ArrayList<>(
                        List.of(
                                module.toString(),
                                "--checkpoint-dir",
                                checkpoints.toUri().toString(),
                                "--checkpoint-interval",
                                "500ms"));
        run.addAll(options);
        KafkaClients.send(SERVERS.kafka().bootstrapServers(), input(topics, 0, BEFORE_KILL));

        String secondOutput;
        try (TopicCount committed = new TopicCount(topics.out(), true);
                TopicCount everything = new TopicCount(topics.out(), false);
                FerryRunProcess first = FerryRunProcess.start(run, env, dir.resolve("first.log"))) {
            awaitOrShow(
                    first,
                    () ->
                            await("the first run's output, committed")
                                    .atMost(Duration.ofSeconds(150))
                                    .pollInterval(Duration.ofMillis(100))
                                    .failFast("the runtime process ended", () -> !first.isAlive())
                                    .until(() -> committed.poll() >= BEFORE_KILL));

            // "12:00:00.000 WARN  ..." of the logging configuration, and "<instant> main ERROR
            // ..." of log4j's status logger about the configuration itself.
            assertThat(
                            first.output()
                                    .lines()
                                    .filter(line -> line.matches("\\S+ (\\S+ )?(WARN|ERROR) .*")))
                    .as("warnings of a run that went right, which ask nothing of the user")
                    .isEmpty();

            // The rest trickles in, so the kill finds records in flight.
            CompletableFuture<Void> rest = trickle(topics, BEFORE_KILL, TOTAL);
            await("records written in a transaction not yet committed")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> everything.poll() > committed.poll());
            int exit = first.kill();
            assertThat(exit).as("exit code of a JVM killed by SIGKILL").isEqualTo(128 + 9);
            Path latest =
                    RetainedCheckpoints.latest(checkpoints.toUri().toString())
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "no retained checkpoint under "
                                                            + checkpoints
                                                            + "; the first run printed:\n"
                                                            + first.output()));

            List<String> resume = new ArrayList<>(run);
            resume.addAll(List.of("--restore", "latest"));
            try (FerryRunProcess second =
                    FerryRunProcess.start(resume, env, dir.resolve("second.log"))) {
                Matcher restored = RESTORED.matcher("");
                await("the restore line of the second run")
                        .atMost(Duration.ofSeconds(60))
                        .failFast("the runtime process ended", () -> !second.isAlive())
                        .until(() -> (restored.reset(second.output())).find());
                assertThat(restored.group(1))
                        .as("the checkpoint restored, against the newest retained: " + latest)
                        .isEqualTo(latest.getFileName().toString().substring("chk-".length()));
                assertThat(Path.of(java.net.URI.create(restored.group(2)))).isEqualTo(latest);

                rest.get(60, TimeUnit.SECONDS);
                awaitOrShow(
                        second,
                        () ->
                                await("every output record, committed")
                                        .atMost(Duration.ofSeconds(150))
                                        .pollInterval(Duration.ofMillis(100))
                                        .failFast(
                                                "the runtime process ended",
                                                () -> !second.isAlive())
                                        .until(() -> committed.poll() >= TOTAL));
                // One more checkpoint of the second run: a duplicate would be committed by then.
                Path complete = RetainedCheckpoints.latest(checkpoints.toUri().toString()).get();
                await("a checkpoint after the last record")
                        .atMost(Duration.ofSeconds(30))
                        .until(
                                () ->
                                        !RetainedCheckpoints.latest(checkpoints.toUri().toString())
                                                .get()
                                                .equals(complete));
                committed.poll();
                secondOutput = second.output();
            }
            List<String> expected = new ArrayList<>();
            for (int key = 0; key < KEYS; key++) {
                for (int count = 1; count <= TOTAL / KEYS; count++) {
                    expected.add("k" + key + " " + count);
                }
            }
            ExactlyOnceAssertions.assertEachExactlyOnce(committed.values, expected);
        }
        return new Resumed(checkpoints, secondOutput);
    }

    /**
     * Ingress records {@code from} (inclusive) to {@code to}: key {@code k<n % KEYS>}, the output
     * topic as value.
     */
    private static List<ProducerRecord<byte[], byte[]>> input(Topics topics, int from, int to) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int n = from; n < to; n++) {
            records.add(
                    new ProducerRecord<>(
                            topics.in(),
                            ("k" + n % KEYS).getBytes(StandardCharsets.UTF_8),
                            PrimitiveCodecs.encodeString(topics.out())));
        }
        return records;
    }

    /** Sends records {@code from} to {@code to} one by one, 10 ms apart, on another thread. */
    private static CompletableFuture<Void> trickle(Topics topics, int from, int to) {
        return CompletableFuture.runAsync(
                () -> {
                    try (KafkaProducer<byte[], byte[]> producer =
                            KafkaClients.producer(SERVERS.kafka().bootstrapServers())) {
                        for (ProducerRecord<byte[], byte[]> record : input(topics, from, to)) {
                            producer.send(record).get();
                            TimeUnit.MILLISECONDS.sleep(10); // a steady stream, not a burst
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("producing the input failed", e);
                    }
                });
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = RuntimeProcessKillITCase.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The records of one topic read so far, from the beginning, at one isolation level. */
    private static final class TopicCount implements AutoCloseable {
        final List<String> values = new ArrayList<>();
        private final KafkaConsumer<byte[], byte[]> consumer;

        TopicCount(String topic, boolean readCommitted) {
            consumer = KafkaClients.consumer(SERVERS.kafka().bootstrapServers(), readCommitted);
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Reads what arrived since the last call; returns the records read in all. */
        int poll() {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                values.add(new String(record.value(), StandardCharsets.UTF_8));
            }
            return values.size();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /**
     * Runs a wait on a runtime process; if it fails, the error carries what the process printed
     * (its log file lives in the test's temporary folder, which is gone after the test).
     */
    private static void awaitOrShow(FerryRunProcess process, Runnable wait) {
        try {
            wait.run();
        } catch (RuntimeException | AssertionError e) {
            String output = process.output();
            String tail =
                    output.length() > 20_000 ? output.substring(output.length() - 20_000) : output;
            throw new AssertionError(e.getMessage() + "\nthe runtime process printed:\n" + tail, e);
        }
    }
}
