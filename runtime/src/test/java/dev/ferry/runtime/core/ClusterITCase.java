package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.runtime.FerryJob;
import dev.ferry.runtime.cluster.FlinkProcessCluster;
import dev.ferry.runtime.cluster.FlinkRest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry's application jar on a real standalone Flink cluster of separate processes (a JobManager
 * and TaskManagers of 2 slots, RocksDB, checkpoints every 500 ms), submitted through the REST API
 * as a user submits it: Kafka in, functions written with the official SDK over loopback HTTP,
 * exactly-once Kafka out, parallelism 4 over both TaskManagers. Mid-stream one TaskManager is
 * killed with SIGKILL, a spare one already registered, while messages keep arriving: the job
 * restores from a checkpoint and every record is committed exactly once. Then the job stops with a
 * savepoint and resumes from it at parallelism 2, and the counts carry on.
 */
class ClusterITCase {
    private static final int KEYS = 20;

    /**
     * Rounds (one message per key) sent after the kill, at least; the stream goes on until the
     * restored job has called a function too, so that job always has new records to read however
     * long the recovery takes.
     */
    private static final int ROUNDS_AFTER_KILL = 25;

    private static final int SECOND_PER_KEY = 10;

    /** Kept when the test fails: each process's log lies under it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path root;

    @RegisterExtension
    static final KafkaWithFunctions SERVERS = new KafkaWithFunctions(4, "in", "out");

    private static FlinkProcessCluster cluster;
    private static FlinkRest rest;

    @BeforeAll
    static void start() throws Exception {
        cluster =
                FlinkProcessCluster.start(
                        root.resolve("flink"),
                        Path.of(System.getProperty("ferry.test.flink-lib")),
                        System.getProperty("ferry.test.flink-add-opens"),
                        2);
        rest = new FlinkRest(cluster.restUrl());
        // Generous: on a busy machine a JVM of Flink's takes tens of seconds to start.
        await("2 TaskManagers registered; logs under " + root)
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> rest.taskManagers() == 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aKilledTaskManagerAndARescaleFromASavepointLoseAndRepeatNothing() throws Exception {
        Path module = writeModule();
        Path jar = Path.of(System.getProperty("ferry.test.flink-jar"));
        System.out.printf("Application jar %s: %,d bytes%n", jar.getFileName(), Files.size(jar));
        String jarId = rest.upload(jar);
        String job = rest.run(jarId, FerryJob.class.getName(), List.of(module.toString()), 4, null);
        awaitRunning(job);
        assertThat(rest.freeSlotsPerTaskManager())
                .as("the job fills both TaskManagers")
                .containsOnly(0);

        // The spare starts before the stream: on a busy machine a TaskManager takes a while.
        cluster.startTaskManager();
        await("the spare TaskManager registered")
                .atMost(Duration.ofSeconds(120))
                .until(() -> rest.taskManagers() == 3);

        // Rounds of one message per key every 200 ms, from before the kill until the restored job
        // calls functions and ROUNDS_AFTER_KILL rounds have followed the kill: the stream flows
        // while the TaskManager dies and while the job recovers.
        ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger rounds = new AtomicInteger();
        AtomicInteger roundsAfterKill = new AtomicInteger(-1);
        int firstPerKey;
        try (KafkaProducer<byte[], byte[]> kafkaProducer =
                KafkaClients.producer(SERVERS.kafka().bootstrapServers())) {
            producer.scheduleAtFixedRate(
                    () -> {
                        for (int key = 0; key < KEYS; key++) {
                            kafkaProducer.send(message(key));
                        }
                        rounds.incrementAndGet();
                        roundsAfterKill.updateAndGet(r -> r < 0 ? r : r + 1);
                    },
                    0,
                    200,
                    TimeUnit.MILLISECONDS);
            await("a checkpoint and the first function calls")
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () ->
                                    completedCheckpoints(job) >= 1
                                            && SERVERS.functions().requests() >= KEYS);

            Process victim = cluster.taskManager(0);
            long killedNanos = System.nanoTime();
            long killedMillis = System.currentTimeMillis();
            victim.destroyForcibly(); // SIGKILL on Linux
            assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
            roundsAfterKill.set(0);
            assertThat(victim.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);

            JsonObject restored =
                    await("the job restored from a checkpoint; logs under " + root)
                            .atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> restoredCheckpoint(job), r -> r != null);
            long restoreMillis = restored.get("restore_timestamp").getAsLong();
            awaitRunning(job);
            long runningNanos = System.nanoTime();
            // A call between the restore and this point may still come from a task of the failed
            // attempt being cancelled; one after it comes from the restored job.
            long firstCallNanos =
                    await("a function call after the restore")
                            .atMost(Duration.ofSeconds(60))
                            .until(() -> firstArrivalAfter(runningNanos), first -> first != null);
            System.out.printf(
                    "Recovery after SIGKILL of a TaskManager: checkpoint %s restored after %d ms,"
                            + " every task running again after %d ms, first function call of the"
                            + " restored job after %d ms%n",
                    restored.get("id"),
                    restoreMillis - killedMillis,
                    (runningNanos - killedNanos) / 1_000_000,
                    (firstCallNanos - killedNanos) / 1_000_000);
            assertThat(restored.get("is_savepoint").getAsBoolean()).isFalse();
            await("the last rounds sent")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> roundsAfterKill.get() >= ROUNDS_AFTER_KILL);
            // Ends the periodic rounds after the one under way, so that every round counted was
            // sent whole.
            producer.shutdown();
            assertThat(producer.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            kafkaProducer.flush();
            firstPerKey = rounds.get();
        } finally {
            producer.shutdownNow();
        }

        List<String> firstPhase = readCommitted(KEYS * firstPerKey);
        ExactlyOnceAssertions.assertEachExactlyOnce(firstPhase, expected(1, firstPerKey));

        String trigger = rest.stopWithSavepoint(job, cluster.savepoints());
        String savepoint =
                await("the savepoint")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> rest.savepointLocation(job, trigger), s -> s != null);
        await("the stopped job finished")
                .atMost(Duration.ofSeconds(30))
                .until(() -> "FINISHED".equals(state(job)));

        String resumed =
                rest.run(jarId, FerryJob.class.getName(), List.of(module.toString()), 2, savepoint);
        awaitRunning(resumed);
        JsonObject fromSavepoint = restoredCheckpoint(resumed);
        assertThat(fromSavepoint).as("the resumed job restored the savepoint").isNotNull();
        assertThat(fromSavepoint.get("is_savepoint").getAsBoolean()).isTrue();
        List<ProducerRecord<byte[], byte[]>> more = new ArrayList<>();
        for (int i = 0; i < KEYS * SECOND_PER_KEY; i++) {
            more.add(message(i % KEYS));
        }
        KafkaClients.send(SERVERS.kafka().bootstrapServers(), more);

        List<String> all = readCommitted(KEYS * (firstPerKey + SECOND_PER_KEY));
        rest.cancel(resumed);
        ExactlyOnceAssertions.assertEachExactlyOnce(all, expected(1, firstPerKey + SECOND_PER_KEY));
        Map<String, Integer> finalCounts = new HashMap<>();
        for (String record : all) {
            String[] parts = record.split(" ");
            finalCounts.merge(parts[0], Integer.parseInt(parts[1]), Math::max);
        }
        assertThat(finalCounts).hasSize(KEYS).containsOnlyKeys(keys());
        assertThat(finalCounts.values())
                .as("every key's count equals the messages sent to it")
                .containsOnly(firstPerKey + SECOND_PER_KEY);
    }

    private static ProducerRecord<byte[], byte[]> message(int key) {
        return new ProducerRecord<>(
                "in",
                ("k" + key).getBytes(StandardCharsets.UTF_8),
                PrimitiveCodecs.encodeString("out"));
    }

    /** StateFun's example module with this test's addresses, at an absolute path. */
    private static Path writeModule() throws IOException {
        String yaml;
        try (InputStream in =
                ClusterITCase.class.getResourceAsStream("/kafka/statefun-example.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        yaml =
                yaml.replace("${env:FUNCTIONS_URL}", SERVERS.functions().url("http", ""))
                        .replace("${env:KAFKA_ADDRESS}", SERVERS.kafka().bootstrapServers());
        return Files.writeString(root.resolve("module.yaml"), yaml).toAbsolutePath();
    }

    private static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (int key = 0; key < KEYS; key++) {
            keys.add("k" + key);
        }
        return keys;
    }

    /** Each key's counter output for counts {@code from} to {@code to}. */
    private static List<String> expected(int from, int to) {
        List<String> expected = new ArrayList<>();
        for (String key : keys()) {
            for (int count = from; count <= to; count++) {
                expected.add(key + " " + count);
            }
        }
        return expected;
    }

    private static List<String> readCommitted(int expected) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaClients.read(
                        SERVERS.kafka().bootstrapServers(),
                        "out",
                        true,
                        records -> records.size() >= expected,
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(1))) {
            values.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static void awaitRunning(String job) {
        await("job " + job + " running on every subtask; logs under " + root)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> rest.allRunning(job));
    }

    private static String state(String job) throws IOException {
        return rest.job(job).get("state").getAsString();
    }

    private static int completedCheckpoints(String job) throws IOException {
        return rest.checkpoints(job).getAsJsonObject("counts").get("completed").getAsInt();
    }

    /** The {@code latest.restored} entry of the job's checkpoint statistics, null if none. */
    private static JsonObject restoredCheckpoint(String job) throws IOException {
        JsonElement restored = rest.checkpoints(job).getAsJsonObject("latest").get("restored");
        return restored == null || restored.isJsonNull() ? null : restored.getAsJsonObject();
    }

    private static Long firstArrivalAfter(long nanos) {
        return SERVERS.functions().arrivals().stream()
                .filter(t -> t >= nanos)
                .min(Long::compare)
                .orElse(null);
    }
}
