package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.http.SdkFunctionServer.Fault;
import dev.ferry.invokers.http.SdkFunctionServerExtension;
import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.embedded.RetainedCheckpoints;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under failure: a generator feeds {@code test/counter}, which forwards every message
 * to {@code test/echo} on (mostly) the other subtask; both report to a transactional test egress.
 * With HTTP 500s from the function server, a task failure in the middle of the stream, and a
 * cancel-and-restore of the whole job (also at twice the parallelism), every key's count and every
 * egress record must come out exactly once.
 */
class ExactlyOnceITCase {
    private static final CounterAndEchoRun RUN = new CounterAndEchoRun(20, 600);

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniClusterSpillingFeedback();

    @RegisterExtension
    static final SdkFunctionServerExtension FUNCTIONS =
            new SdkFunctionServerExtension(TestFunctions::all);

    @Test
    void functionErrorsAndATaskFailureChangeNothing(@TempDir Path checkpoints) throws Exception {
        String egress = "task-failure";
        FUNCTIONS
                .server()
                .enqueue(Fault.STATUS_500, Fault.NO_ANSWER, Fault.STATUS_500, Fault.STATUS_500);
        FailOnce.reset(250);
        JobClient job = start(plan(egress, 400, true), checkpoints, null);
        try {
            RUN.awaitAll(egress);
        } finally {
            TestJobs.cancel(job);
        }
        assertThat(FailOnce.injected()).as("task failures injected").isEqualTo(1);
        assertThat(FUNCTIONS.server().pendingFaults()).as("function faults never served").isZero();
        RUN.assertExactlyOnce(egress);
    }

    @Test
    void aCancelledJobResumesFromItsLastCheckpoint(@TempDir Path checkpoints) throws Exception {
        String egress = "restore";
        JobClient first = start(plan(egress, 200, false), checkpoints, null);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> CommittedEgress.committed(egress).size() > 300);
        TestJobs.cancel(first);
        Path latest = RetainedCheckpoints.latest(checkpoints.toUri().toString()).orElseThrow();

        JobClient second = start(plan(egress, 200, false), checkpoints, latest.toUri().toString());
        try {
            RUN.awaitAll(egress);
        } finally {
            TestJobs.cancel(second);
        }
        RUN.assertExactlyOnce(egress);
    }

    @Test
    void aJobRestoredAtTwiceItsParallelismKeepsEveryCount(@TempDir Path checkpoints)
            throws Exception {
        String egress = "rescale";
        JobClient first = TestJobs.start(plan(egress, 200, false), checkpoints, null, 1);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> CommittedEgress.committed(egress).size() > 300);
        TestJobs.cancel(first);
        Path latest = RetainedCheckpoints.latest(checkpoints.toUri().toString()).orElseThrow();

        // State, buffered batches, batches in flight and feedback messages move by key group.
        JobClient second =
                TestJobs.start(plan(egress, 200, false), checkpoints, latest.toUri().toString(), 2);
        try {
            RUN.awaitAll(egress);
        } finally {
            TestJobs.cancel(second);
        }
        RUN.assertExactlyOnce(egress);
    }

    private static JobPlan plan(String egress, long rate, boolean injectFailure) {
        return RUN.plan(
                CounterAndEchoRun.http(FUNCTIONS.server(), Duration.ofSeconds(5)),
                rate,
                egress,
                injectFailure ? new FailOnce() : null);
    }

    private static JobClient start(JobPlan plan, Path checkpoints, String restore)
            throws Exception {
        return TestJobs.start(plan, checkpoints, restore, 2);
    }
}
