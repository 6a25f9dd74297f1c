package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.http.SdkFunctionServer.Fault;
import dev.ferry.invokers.http.SdkFunctionServerExtension;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.embedded.RetainedCheckpoints;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import dev.ferry.runtime.module.ModuleBuilder;
import dev.ferry.runtime.module.PrintEgressSpec;
import dev.ferry.runtime.module.RetrySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once for traffic shaped like no single workload: every generated message starts a tree of
 * visits that {@code fanout/node} sends on between its ids ({@link FanOutFunctions}: one, two or no
 * further visits each, to any id, its own included, a fifth of them delayed), so messages cross the
 * feedback loop between subtasks, queue behind each other at busy ids and wait as delayed messages
 * while failures hit. Each id reports every visit with its running count; after a task failure with
 * function errors, and after a cancel and a restore at half the parallelism, each id must have
 * reported counts 1 to its visits exactly once, its visits being what the trees make.
 */
class FanOutExactlyOnceITCase {
    private static final int KEYS = 20;
    private static final int MESSAGES = 300;
    private static final Map<String, Integer> VISITS =
            FanOutFunctions.expectedVisits(MESSAGES, KEYS);

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniClusterSpillingFeedback();

    @RegisterExtension
    static final SdkFunctionServerExtension FUNCTIONS =
            new SdkFunctionServerExtension(() -> FanOutFunctions.all(KEYS));

    @BeforeAll
    static void theTreesReachBeyondTheGeneratedMessages() {
        int total = VISITS.values().stream().mapToInt(Integer::intValue).sum();
        // A check of the workload, not of Ferry: more than one visit per message on average.
        assertThat(total).isGreaterThan(2 * MESSAGES);
        assertThat(VISITS).hasSize(KEYS);
    }

    @Test
    void functionErrorsAndATaskFailureChangeNoCount(@TempDir Path checkpoints) throws Exception {
        String egress = "fanout-task-failure";
        FUNCTIONS.server().enqueue(Fault.STATUS_500, Fault.STATUS_500, Fault.NO_ANSWER);
        FailOnce.reset(expectedRecords().size() / 3);
        JobClient job = TestJobs.start(plan(egress, 150, new FailOnce()), checkpoints, null, 2);
        try {
            awaitAll(egress);
        } finally {
            TestJobs.cancel(job);
        }
        assertThat(FailOnce.injected()).as("task failures injected").isEqualTo(1);
        assertThat(FUNCTIONS.server().pendingFaults()).as("function faults never served").isZero();
        ExactlyOnceAssertions.assertEachExactlyOnce(
                CommittedEgress.committed(egress), expectedRecords());
    }

    @Test
    void aJobCancelledMidwayResumesAtHalfItsParallelism(@TempDir Path checkpoints)
            throws Exception {
        String egress = "fanout-restore";
        JobClient first = TestJobs.start(plan(egress, 100, null), checkpoints, null, 2);
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                CommittedEgress.committed(egress).size()
                                        > expectedRecords().size() / 3);
        TestJobs.cancel(first);
        Path latest = RetainedCheckpoints.latest(checkpoints.toUri().toString()).orElseThrow();
        assertThat(CommittedEgress.committed(egress))
                .as("records committed when the first job was cancelled")
                .hasSizeLessThan(expectedRecords().size());

        // Buffered batches, delayed visits and visits on the feedback loop move by key group.
        JobClient second =
                TestJobs.start(plan(egress, 100, null), checkpoints, latest.toUri().toString(), 1);
        try {
            awaitAll(egress);
        } finally {
            TestJobs.cancel(second);
        }
        ExactlyOnceAssertions.assertEachExactlyOnce(
                CommittedEgress.committed(egress), expectedRecords());
    }

    /** {@code "node <id> <n>"} for each id and each of its visits. */
    private static List<String> expectedRecords() {
        List<String> expected = new ArrayList<>();
        VISITS.forEach(
                (id, visits) -> {
                    for (int n = 1; n <= visits; n++) {
                        expected.add("node " + id + " " + n);
                    }
                });
        return expected;
    }

    private static void awaitAll(String egress) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> CommittedEgress.committed(egress).size() >= expectedRecords().size());
    }

    private static JobPlan plan(
            String egress, long rate, MapFunction<EgressRecord, EgressRecord> before) {
        TypeName out = TypeName.parse(FanOutFunctions.OUT.asTypeNameString());
        return ModulePlanner.plan(
                ModuleBuilder.create()
                        .endpoint(
                                ModuleBuilder.http(
                                        "fanout/*",
                                        FUNCTIONS.server().url("http", "/{function.name}"),
                                        Duration.ofSeconds(5),
                                        RetrySpec.defaults()))
                        .ingress(
                                new GeneratorIngressSpec(
                                        TypeName.parse("fanout/numbers"),
                                        List.of(
                                                TypeName.parse(
                                                        FanOutFunctions.NODE.asTypeNameString())),
                                        WellKnownTypes.LONG,
                                        rate,
                                        MESSAGES,
                                        KEYS))
                        .egress(new PrintEgressSpec(out, PrintEgressSpec.Output.LOG))
                        .build(),
                Map.of(out, spec -> TestJobs.committed(spec.id(), egress, before)));
    }
}
