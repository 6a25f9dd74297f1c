package dev.ferry.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.http.SdkFunctionServer;
import dev.ferry.runtime.embedded.EmbeddedRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint store goes away while a job runs and comes back: s3proxy (objects on disk) is
 * stopped after some checkpoints have completed, the checkpoint that cannot be written fails the
 * job (Flink tolerates no failed checkpoint by default), the job keeps restarting while the store
 * is away, and once it answers again the job restores from its last checkpoint in the bucket and
 * every count and egress record comes out exactly once.
 */
class S3StoreOutageITCase {
    private static final String BUCKET = "ferry-outage";
    private static final int KEYS = 20;
    private static final int MESSAGES = KEYS * 40;
    private static final int RATE = 100;

    /**
     * Restarts as often as the outage needs, quickly (the test is about what is kept); and an S3
     * client that gives up on a refused connection at once instead of retrying for minutes.
     */
    private static final Map<String, String> OUTAGE_SETTINGS =
            Map.of(
                    "restart-strategy.type", "fixed-delay",
                    "restart-strategy.fixed-delay.attempts", "1000",
                    "web.refresh-interval", "100 ms",
                    "s3.attempts.maximum", "1",
                    "s3.retry.limit", "1");

    @TempDir static Path work;
    private static S3ProxyServer s3;
    private static SdkFunctionServer functions;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyServer(work, true);
        s3.createBucket(BUCKET);
        functions = new SdkFunctionServer(CounterFunctions.counter(1024));
    }

    @AfterAll
    static void stop() throws Exception {
        try (AutoCloseable f = functions;
                AutoCloseable s = s3) {
            // Closed in reverse order, each even if the other fails; a null one is skipped.
        }
    }

    @Test
    void theJobRestartsWhileTheStoreIsAwayAndLosesNothing() throws Exception {
        CommittedSink.reset();
        int rest = S3ProxyServer.freePort();
        JobClient job =
                EmbeddedRunner.start(
                        CounterJob.plan(functions, RATE, MESSAGES, KEYS, null),
                        CounterJob.options(
                                s3, "s3://" + BUCKET + "/outage", null, rest, OUTAGE_SETTINGS));
        int failuresWhileAway;
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () ->
                                    FlinkRest.completedCheckpoints(rest, job.getJobID()) >= 2
                                            && !CommittedSink.COMMITTED.isEmpty());
            int committedBefore = CommittedSink.COMMITTED.size();
            assertThat(committedBefore).as("committed before the outage").isLessThan(MESSAGES);

            s3.stop();
            // Away until the job has failed twice (a checkpoint it could not write, then a
            // restore it could not read or a checkpoint again): no checkpoint completes meanwhile,
            // so nothing more is committed.
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> failures(rest, job.getJobID()) >= 1);
            int committedAtFailure = CommittedSink.COMMITTED.size();
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> failures(rest, job.getJobID()) >= 2);
            failuresWhileAway = failures(rest, job.getJobID());
            assertThat(CommittedSink.COMMITTED)
                    .as("records committed while the store is away")
                    .hasSize(committedAtFailure);
            s3.startAgain();

            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> CommittedSink.COMMITTED.size() >= MESSAGES);
        } finally {
            job.cancel().get();
            job.getJobExecutionResult().handle((r, f) -> null).get(60, TimeUnit.SECONDS);
        }
        System.out.println(
                "S3 store outage: the job failed " + failuresWhileAway + " times while away");
        CommittedSink.assertCounterOutputExactlyOnce(KEYS, MESSAGES / KEYS);
    }

    /** The failures in the job's exception history, each one followed by a restart. */
    private static int failures(int rest, JobID job) {
        try {
            return FlinkRest.get(rest, "/jobs/" + job + "/exceptions")
                    .path("exceptionHistory")
                    .path("entries")
                    .size();
        } catch (Exception e) {
            return 0;
        }
    }
}
