package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.JobException;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;

/** The one line a failed job ends {@code ferry run} with. */
class FailureCauseTest {

    private static Throwable asFlinkReportsIt(Throwable cause) {
        return new ExecutionException(
                new JobExecutionException(
                        new JobID(),
                        "Job execution failed.",
                        new JobException(
                                "Recovery is suppressed by ExponentialDelayRestartBackoffTimeStrategy",
                                cause)));
    }

    @Test
    void ferrysOwnMessageIsTheLine() {
        Throwable failure =
                asFlinkReportsIt(
                        new IllegalStateException(
                                "invocation of test/counter:0 failed: answered HTTP 404",
                                new IOException("deeper detail")));

        assertThat(FailureCause.describe(failure))
                .isEqualTo("invocation of test/counter:0 failed: answered HTTP 404");
    }

    @Test
    void wrappersWithoutAMessageOfTheirOwnAreSkipped() {
        Throwable failure =
                asFlinkReportsIt(new RuntimeException(new IOException("disk full\nat /tmp")));

        assertThat(FailureCause.describe(failure)).isEqualTo("IOException: disk full; at /tmp");
    }

    @Test
    void anExceptionShippedFromATaskKeepsItsOriginalClassName() {
        Throwable failure =
                asFlinkReportsIt(new SerializedThrowable(new ArithmeticException("/ by zero")));

        assertThat(FailureCause.describe(failure)).isEqualTo("ArithmeticException: / by zero");
    }

    /**
     * A bad record fails the job without restarts, thrown up through the source's own wrappers (as
     * the Kafka source wraps it): the record's problem is the line.
     */
    @Test
    void theRecordBehindAnUnrecoverableFailureIsTheLine() {
        Throwable failure =
                asFlinkReportsIt(
                        new SerializedThrowable(
                                new IOException(
                                        "Failed to deserialize consumer record due to",
                                        new RuntimeException(
                                                "Could not forward element to next operator",
                                                new SuppressRestartsException(
                                                        new IllegalStateException(
                                                                "ingress shop/in cannot route the"
                                                                        + " record at {stream=in,"
                                                                        + " shard=shardId-0}: the"
                                                                        + " value is not a valid"
                                                                        + " io.statefun.types/string"))))));

        assertThat(FailureCause.describe(failure))
                .isEqualTo(
                        "ingress shop/in cannot route the record at {stream=in, shard=shardId-0}:"
                                + " the value is not a valid io.statefun.types/string");
    }

    /** A job Flink refuses to start (here a restart setting it rejects) is told by the reason. */
    @Test
    void aJobThatCannotBeSubmittedIsToldByTheReason() {
        Throwable failure =
                new org.apache.flink.util.FlinkException(
                        "Failed to execute job 'ferry'.",
                        new RuntimeException(
                                new org.apache.flink.runtime.client.JobInitializationException(
                                        new JobID(),
                                        "Could not start the JobMaster.",
                                        new java.util.concurrent.CompletionException(
                                                new IllegalArgumentException(
                                                        "The attemptsBeforeResetBackoff must be at"
                                                                + " least 1.")))));

        assertThat(FailureCause.describe(failure))
                .isEqualTo(
                        "IllegalArgumentException: The attemptsBeforeResetBackoff must be at least"
                                + " 1.");
    }

    /**
     * A sink that fails in a checkpoint (here Kafka's exactly-once producer while its broker is
     * away) is told by its own error, not by Flink's "Could not perform checkpoint" around it.
     */
    @Test
    void aFailedCheckpointIsToldByWhatFailedIt() {
        String operator =
                "functions -> egress kafka/out: Writer -> egress kafka/out: Committer (2/2)#0";
        Throwable failure =
                new SerializedThrowable(
                        new IOException(
                                "Could not perform checkpoint 11 for operator " + operator + ".",
                                new CheckpointException(
                                        "Could not complete snapshot 11 for operator "
                                                + operator
                                                + ".",
                                        CheckpointFailureReason.CHECKPOINT_DECLINED,
                                        new org.apache.kafka.common.errors.TimeoutException(
                                                "Timeout expired after 60000ms while awaiting"
                                                        + " InitProducerId"))));

        assertThat(FailureCause.describe(failure))
                .isEqualTo(
                        "TimeoutException: Timeout expired after 60000ms while awaiting"
                                + " InitProducerId");
    }

    /**
     * A restore that cannot read the checkpoint (here its store is away) is told by the read that
     * failed, past Flink's state backend wrappers.
     */
    @Test
    void aFailedRestoreIsToldByTheReadThatFailed() {
        String read =
                "getFileStatus on s3://bucket/app/0f/shared/a618: SdkClientException: Unable to"
                        + " execute HTTP request: Connect to 127.0.0.1:37805 failed: Connection"
                        + " refused";
        IOException cause = new IOException(read, new java.net.ConnectException("refused"));
        Throwable failure =
                new SerializedThrowable(
                        new Exception(
                                "Exception while creating StreamOperatorStateContext.",
                                new org.apache.flink.util.FlinkException(
                                        "Could not restore keyed state backend for"
                                                + " DispatcherOperator_11e7_(1/2) from any of the 1"
                                                + " provided restore options.",
                                        new org.apache.flink.runtime.state.BackendBuildingException(
                                                "Caught unexpected exception.",
                                                new IOException(cause)))));

        assertThat(FailureCause.describe(failure)).isEqualTo("IOException: " + read);
    }

    /**
     * Checkpoints failing more often in a row than tolerated (here the checkpoint store is away):
     * Flink's message carries no cause and points at a dashboard; the line says what it means, and
     * for an expired checkpoint what makes one expire.
     */
    @Test
    void checkpointsFailingBeyondTheToleranceAreToldAsSuch() {
        assertThat(
                        FailureCause.describe(
                                asFlinkReportsIt(
                                        beyondTolerance("Failure to finalize" + " checkpoint"))))
                .isEqualTo(
                        "a checkpoint failed (Failure to finalize checkpoint): Flink's warning"
                                + " \"Failed to trigger or complete checkpoint\" logged before"
                                + " this line has its cause; the job tolerates no more failed"
                                + " checkpoints in a row"
                                + " (execution.checkpointing.tolerable-failed-checkpoints, 0"
                                + " unless set)");
        assertThat(
                        FailureCause.describe(
                                asFlinkReportsIt(
                                        beyondTolerance("Checkpoint expired before completing."))))
                .startsWith(
                        "a checkpoint did not complete within its timeout (--checkpoint-timeout,"
                                + " execution.checkpointing.timeout): the checkpoint storage is"
                                + " slow or unreachable, or back pressure held the barrier up;")
                .endsWith("(execution.checkpointing.tolerable-failed-checkpoints, 0 unless set)");
    }

    /**
     * A Kafka source that cannot reach its broker at the start fails the job from its split
     * enumerator: past Flink's coordinator wrapper and a message that ends in "due to", the
     * library's own message, with the deepest cause that says why.
     */
    @Test
    void aSourceThatCannotReachItsBrokerIsToldByWhatItCouldNotDoAndWhy() {
        Throwable failure =
                new org.apache.flink.util.FlinkException(
                        "Global failure triggered by OperatorCoordinator for 'Source: kafka test/in"
                                + " -> router test/in' (operator 7cd5733f19d5bd2866871d292af481c4).",
                        new org.apache.flink.util.FlinkRuntimeException(
                                "Failed to list subscribed topic partitions due to ",
                                new RuntimeException(
                                        "Failed to get metadata for topics [in].",
                                        new ExecutionException(
                                                new org.apache.kafka.common.errors.TimeoutException(
                                                        "Timed out waiting for a node assignment."
                                                                + " Call: describeTopics")))));

        assertThat(FailureCause.describe(asFlinkReportsIt(failure)))
                .isEqualTo(
                        "RuntimeException: Failed to get metadata for topics [in]; caused by"
                                + " TimeoutException: Timed out waiting for a node assignment."
                                + " Call: describeTopics");
    }

    /** Flink's message, as {@code CheckpointFailureManager} words it, for {@code reason}. */
    private static Throwable beyondTolerance(String reason) {
        return new org.apache.flink.util.FlinkRuntimeException(
                "Exceeded checkpoint tolerable failure threshold. The latest checkpoint failed due"
                        + " to "
                        + reason
                        + ", view the Checkpoint History tab or the Job Manager log to find out"
                        + " why continuous checkpoints failed.");
    }
}
