package dev.ferry.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.http.SdkFunctionServer;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.embedded.EmbeddedRunner;
import dev.ferry.runtime.embedded.FlinkSettings;
import dev.ferry.runtime.embedded.RetainedCheckpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Checkpoints on {@code s3://} (Flink's Hadoop S3 plugin, loaded from the plugins folder this
 * module builds) against s3proxy: a counter function with a ballast state runs with a task failure
 * in the middle of the stream, then the whole embedded runtime is killed; a new runtime restores
 * with {@code --restore latest} from the bucket, and every count and egress record must come out
 * exactly once. Prints the checkpoint duration and the restore time for the state size.
 */
class S3CheckpointsITCase {
    private static final String BUCKET = "ferry-checkpoints";
    private static final String PREFIX = "apps/counter";

    /** Keys and ballast per key set the state size: 80 x 64 KiB = 5 MiB unless overridden. */
    private static final int KEYS = Integer.getInteger("ferry.it.keys", 80);

    private static final int BALLAST_CHARS = Integer.getInteger("ferry.it.ballastKiB", 64) * 1024;
    private static final int MESSAGES = KEYS * 15;
    private static final int RATE = 100;

    @TempDir static Path work;
    private static S3ProxyServer s3;
    private static SdkFunctionServer functions;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyServer(work);
        s3.createBucket(BUCKET);
        functions = new SdkFunctionServer(CounterFunctions.counter(BALLAST_CHARS));
    }

    @AfterAll
    static void stop() throws Exception {
        if (functions != null) {
            functions.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aKilledRuntimeRestoresFromS3WithExactlyOnceStateAndEgress() throws Exception {
        assertThat(killAndRestore(PREFIX, Map.of()))
                .as("incremental RocksDB files of the checkpoints")
                .anyMatch(k -> k.contains("/shared/"));
    }

    /**
     * The same with the state changelog on: the changes of every checkpoint go to S3 beside the
     * checkpoints, and the restore (which claims its checkpoint) replays them exactly once.
     */
    @Test
    void withTheChangelogOnTheChangesGoToS3AndTheRestoreIsExactlyOnce() throws Exception {
        String prefix = "apps/changelog";
        assertThat(killAndRestore(prefix, Map.of("state.changelog.enabled", "true")))
                .as("state changes written by the changelog, beside the checkpoints")
                .anyMatch(k -> k.startsWith(prefix + "/" + FlinkSettings.CHANGELOG_FOLDER + "/"));
    }

    /**
     * Runs the counter with a task failure mid-stream under {@code prefix}, kills the runtime,
     * restores the latest checkpoint in a new one and checks every count and record came out
     * exactly once; returns the object keys under {@code prefix} at the kill.
     */
    private static List<String> killAndRestore(String prefix, Map<String, String> extra)
            throws Exception {
        CommittedSink.reset();
        Faults.reset(MESSAGES / 8, MESSAGES * 3 / 4);
        String dir = "s3://" + BUCKET + "/" + prefix;

        int firstRest = S3ProxyServer.freePort();
        JobClient first =
                EmbeddedRunner.start(
                        CounterJob.plan(functions, RATE, MESSAGES, KEYS, new Faults()),
                        CounterJob.options(s3, dir, null, firstRest, extra));
        // Killed after the task failure and a checkpoint of (nearly) the full state, or when the
        // egress holds at three quarters of the records: in the middle of the stream, however slow
        // the machine.
        long fullState = (long) KEYS * BALLAST_CHARS;
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () ->
                                Faults.failed.get()
                                        && (Faults.holding.get()
                                                || FlinkRest.latestStateSize(
                                                                firstRest, first.getJobID())
                                                        >= fullState * 9 / 10));
        JsonNode stats = FlinkRest.checkpoints(firstRest, first.getJobID());
        assertThat(stats.path("counts").path("completed").asLong())
                .as("checkpoints completed before the kill")
                .isPositive();
        FlinkRest.killCluster(first);
        int committedAtKill = CommittedSink.COMMITTED.size();
        assertThat(committedAtKill).as("killed mid-stream").isLessThan(MESSAGES);

        List<S3Object> objects = s3.list(BUCKET, prefix + "/");
        List<String> keys = objects.stream().map(S3Object::key).toList();
        assertThat(keys)
                .as("checkpoint objects listed through the S3 API")
                .anyMatch(k -> k.matches(prefix + "/[0-9a-f]{32}/chk-\\d+/_metadata"))
                .noneMatch(k -> k.contains(".ferry-preflight-"));

        long resolveStart = System.nanoTime();
        String latest = RetainedCheckpoints.latestUri(dir).orElseThrow();
        long resolveMillis = (System.nanoTime() - resolveStart) / 1_000_000;
        assertThat(latest).startsWith(dir + "/" + first.getJobID() + "/chk-");

        int secondRest = S3ProxyServer.freePort();
        long restoreStart = System.nanoTime();
        JobClient second =
                EmbeddedRunner.start(
                        CounterJob.plan(functions, RATE, MESSAGES, KEYS, null),
                        CounterJob.options(s3, dir, "latest", secondRest, extra));
        long restoreMillis;
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> FlinkRest.allRunning(secondRest, second.getJobID()));
            restoreMillis = (System.nanoTime() - restoreStart) / 1_000_000;
            JsonNode restored =
                    FlinkRest.checkpoints(secondRest, second.getJobID())
                            .path("latest")
                            .path("restored");
            assertThat(restored.path("external_path").asText()).isEqualTo(latest);
            System.out.println(
                    "S3 restore: checkpoint " + restored.path("id").asLong() + " (" + latest + ")");
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> CommittedSink.COMMITTED.size() >= MESSAGES);
        } finally {
            cancel(second);
        }
        CommittedSink.assertCounterOutputExactlyOnce(KEYS, MESSAGES / KEYS);

        StringBuilder history = new StringBuilder();
        for (JsonNode checkpoint : stats.path("history")) {
            history.append(
                    String.format(
                            " #%d %s %.2f MiB %d ms;",
                            checkpoint.path("id").asLong(),
                            checkpoint.path("status").asText(),
                            checkpoint.path("checkpointed_size").asLong() / 1048576.0,
                            checkpoint.path("end_to_end_duration").asLong()));
        }
        System.out.println("S3 checkpoint history (uploaded size, end-to-end):" + history);
        JsonNode completed = stats.path("latest").path("completed");
        JsonNode duration = stats.path("summary").path("end_to_end_duration");
        System.out.printf(
                "S3 checkpoints (s3proxy): state %.1f MiB full, last checkpoint %.1f MiB"
                        + " uploaded in %d ms; %d checkpoints, end-to-end min/avg/max %d/%d/%d ms;"
                        + " %d objects under %s/; finding the latest checkpoint %d ms;"
                        + " restore (new runtime, all tasks running) %d ms%n",
                completed.path("state_size").asLong() / 1048576.0,
                completed.path("checkpointed_size").asLong() / 1048576.0,
                completed.path("end_to_end_duration").asLong(),
                stats.path("counts").path("completed").asLong(),
                duration.path("min").asLong(),
                duration.path("avg").asLong(),
                duration.path("max").asLong(),
                objects.size(),
                prefix,
                resolveMillis,
                restoreMillis);
        return keys;
    }

    @Test
    void withEntropyInjectionDataFilesSpreadAndRestoreLatestStillFindsTheCheckpoint()
            throws Exception {
        CommittedSink.reset();
        String dir = "s3://" + BUCKET + "/_entropy_/apps/entropy";
        int rest = S3ProxyServer.freePort();
        Map<String, String> entropy =
                Map.of("s3.entropy.key", "_entropy_", "s3.entropy.length", "4");
        JobClient job =
                EmbeddedRunner.start(
                        CounterJob.plan(functions, RATE, MESSAGES, KEYS, null),
                        CounterJob.options(s3, dir, null, rest, entropy));
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> FlinkRest.completedCheckpoints(rest, job.getJobID()) >= 2);
        } finally {
            cancel(job);
        }
        List<String> keys = s3.list(BUCKET, "").stream().map(S3Object::key).toList();
        assertThat(keys)
                .as(
                        "data files under random prefixes, metadata without the marker (Flink's"
                                + " folder markers keep it)")
                .anyMatch(k -> k.matches("[a-zA-Z0-9]{4}/apps/entropy/[0-9a-f]{32}/shared/.+"))
                .anyMatch(k -> k.matches("apps/entropy/[0-9a-f]{32}/chk-\\d+/_metadata"))
                .noneMatch(k -> k.contains("_entropy_") && !k.endsWith("/"));
        assertThat(RetainedCheckpoints.latestUri(dir))
                .hasValueSatisfying(
                        uri ->
                                assertThat(uri)
                                        .startsWith(
                                                "s3://"
                                                        + BUCKET
                                                        + "/apps/entropy/"
                                                        + job.getJobID()
                                                        + "/chk-"));
    }

    /** Cancels {@code job} and waits until it has stopped, not only until the request is taken. */
    private static void cancel(JobClient job) throws Exception {
        job.cancel().get();
        job.getJobExecutionResult().handle((result, failure) -> null).get(60, TimeUnit.SECONDS);
    }

    /**
     * Throws once after a number of records (a task failure in the middle of the stream), then
     * holds the egress after a further number until the runtime is killed.
     */
    static final class Faults implements MapFunction<EgressRecord, EgressRecord> {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean failed = new AtomicBoolean();
        static final AtomicBoolean holding = new AtomicBoolean();
        static final AtomicLong seen = new AtomicLong();
        static volatile long failAfter;
        static volatile long holdAfter;

        static void reset(long failAfter, long holdAfter) {
            failed.set(false);
            holding.set(false);
            seen.set(0);
            Faults.failAfter = failAfter;
            Faults.holdAfter = holdAfter;
        }

        @Override
        public EgressRecord map(EgressRecord record) throws InterruptedException {
            long n = seen.incrementAndGet();
            if (n >= failAfter && failed.compareAndSet(false, true)) {
                throw new IllegalStateException(
                        "injected failure after " + failAfter + " egress records");
            }
            if (failed.get() && n >= holdAfter) {
                holding.set(true);
                new java.util.concurrent.CountDownLatch(1).await(); // until the kill interrupts
            }
            return record;
        }
    }
}
