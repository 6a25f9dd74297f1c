package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.http.SdkFunctionServer;
import dev.ferry.invokers.http.SdkFunctionServer.Fault;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.embedded.RetainedCheckpoints;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleBuilder;
import dev.ferry.runtime.module.PrintEgressSpec;
import dev.ferry.runtime.module.RetrySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
    private static final int KEYS = 20;
    private static final int MESSAGES = 600;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniClusterSpillingFeedback();

    private static SdkFunctionServer functions;

    @BeforeAll
    static void startFunctions() throws Exception {
        functions = new SdkFunctionServer(TestFunctions.all());
    }

    @AfterAll
    static void stopFunctions() throws Exception {
        functions.close();
    }

    @Test
    void functionErrorsAndATaskFailureChangeNothing(@TempDir Path checkpoints) throws Exception {
        String egress = "task-failure";
        functions.enqueue(Fault.STATUS_500, Fault.NO_ANSWER, Fault.STATUS_500, Fault.STATUS_500);
        FailOnce.reset(250);
        JobClient job = start(plan(egress, 400, true), checkpoints, null);
        try {
            awaitAll(egress);
        } finally {
            TestJobs.cancel(job);
        }
        assertThat(FailOnce.injected()).as("task failures injected").isEqualTo(1);
        assertThat(functions.pendingFaults()).as("function faults never served").isZero();
        assertExactlyOnce(egress);
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
            awaitAll(egress);
        } finally {
            TestJobs.cancel(second);
        }
        assertExactlyOnce(egress);
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
            awaitAll(egress);
        } finally {
            TestJobs.cancel(second);
        }
        assertExactlyOnce(egress);
    }

    private static JobPlan plan(String egress, long rate, boolean injectFailure) {
        Module module =
                ModuleBuilder.create()
                        .endpoint(
                                ModuleBuilder.http(
                                        "test/*",
                                        functions.url("http", "/{function.name}"),
                                        Duration.ofSeconds(5),
                                        RetrySpec.defaults()))
                        .ingress(
                                new GeneratorIngressSpec(
                                        TypeName.parse("test/numbers"),
                                        List.of(TypeName.parse("test/counter")),
                                        WellKnownTypes.LONG,
                                        rate,
                                        MESSAGES,
                                        KEYS))
                        .egress(
                                new PrintEgressSpec(
                                        TypeName.parse("test/out"), PrintEgressSpec.Output.LOG))
                        .build();
        return ModulePlanner.plan(
                module,
                Map.of(
                        TypeName.parse("test/out"),
                        spec ->
                                TestJobs.committed(
                                        spec.id(), egress, injectFailure ? new FailOnce() : null)));
    }

    private static JobClient start(JobPlan plan, Path checkpoints, String restore)
            throws Exception {
        return TestJobs.start(plan, checkpoints, restore, 2);
    }

    private static void awaitAll(String egress) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> CommittedEgress.committed(egress).size() >= 2 * MESSAGES);
    }

    private static void assertExactlyOnce(String egress) {
        ExactlyOnceAssertions.assertEachExactlyOnce(
                CommittedEgress.committed(egress),
                ExactlyOnceAssertions.counterAndEcho(KEYS, MESSAGES));
    }

    /**
     * Throws once, after a number of records: a task failure in the middle of the stream. It counts
     * what it injected, so a test can assert that the failure it claims really happened, once.
     */
    static final class FailOnce implements MapFunction<EgressRecord, EgressRecord> {
        private static final long serialVersionUID = 1L;
        private static final AtomicInteger injected = new AtomicInteger();
        private static final AtomicLong seen = new AtomicLong();
        private static volatile long failAfter;

        static void reset(long after) {
            injected.set(0);
            seen.set(0);
            failAfter = after;
        }

        /** Failures thrown since the last {@link #reset}: 1 once the failure has happened. */
        static int injected() {
            return injected.get();
        }

        @Override
        public EgressRecord map(EgressRecord record) {
            if (seen.incrementAndGet() >= failAfter && injected.compareAndSet(0, 1)) {
                throw new IllegalStateException(
                        "injected failure after " + failAfter + " egress records");
            }
            return record;
        }
    }
}
