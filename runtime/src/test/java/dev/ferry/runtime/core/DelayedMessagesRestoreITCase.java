package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.http.SdkFunctionServerExtension;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.embedded.RetainedCheckpoints;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import dev.ferry.runtime.module.ModuleBuilder;
import dev.ferry.runtime.module.PrintEgressSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pending delayed messages, their cancellations and state TTL survive a stop and a restore from the
 * last checkpoint: messages scheduled before the stop fire after the restore, each once, the
 * cancelled ones never; a state written before the stop still expires after it.
 */
class DelayedMessagesRestoreITCase {
    private static final int KEYS = 4;
    private static final TypeName OUT =
            TypeName.parse(DelayedRestoreFunctions.OUT.asTypeNameString());

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    @RegisterExtension
    static final SdkFunctionServerExtension FUNCTIONS =
            new SdkFunctionServerExtension(DelayedRestoreFunctions::all);

    @Test
    void delayedMessagesCancellationsAndTtlSurviveARestore(@TempDir Path checkpoints)
            throws Exception {
        String egress = "delayed-restore";
        JobClient first = TestJobs.start(plan(egress), checkpoints, null, 2);
        try {
            // Committed means a completed checkpoint holds the cancellations and the fresh state,
            // and the messages scheduled before them.
            await("every cancellation and every fresh state, committed")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                            () ->
                                    count(egress, "cancelled ") == KEYS
                                            && count(egress, "ttl ") == KEYS);
        } finally {
            TestJobs.cancel(first);
        }
        assertThat(CommittedEgress.committed(egress))
                .as(
                        "records of the first run; nothing may have fired yet, or the delay of %s"
                                + " was too short to test a restore",
                        DelayedRestoreFunctions.DELAY)
                .noneMatch(record -> record.startsWith("fired "))
                .noneMatch(record -> record.endsWith(" empty"));
        Path latest = RetainedCheckpoints.latest(checkpoints.toUri().toString()).orElseThrow();

        JobClient second = TestJobs.start(plan(egress), checkpoints, latest.toUri().toString(), 2);
        try {
            await("the uncancelled delayed messages and the delayed reads, after the restore")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                            () ->
                                    count(egress, "fired ")
                                                    >= KEYS * DelayedRestoreFunctions.DELAYED / 2
                                            && count(egress, "ttl ") >= 2 * KEYS);
            // The cancelled messages were due with the others: one more completed checkpoint
            // would commit any of them.
            long complete = CommittedEgress.completedCheckpoint(egress);
            await("a checkpoint after the last delayed message")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> CommittedEgress.completedCheckpoint(egress) > complete);
        } finally {
            TestJobs.cancel(second);
        }

        List<String> expected = new ArrayList<>();
        for (int key = 0; key < KEYS; key++) {
            expected.add("cancelled " + key);
            expected.add("ttl " + key + " present");
            expected.add("ttl " + key + " empty");
            for (int i = 0; i < DelayedRestoreFunctions.DELAYED; i += 2) {
                expected.add("fired " + key + " " + i);
            }
        }
        ExactlyOnceAssertions.assertEachExactlyOnce(CommittedEgress.committed(egress), expected);
    }

    private static long count(String egress, String prefix) {
        return CommittedEgress.committed(egress).stream().filter(r -> r.startsWith(prefix)).count();
    }

    private static JobPlan plan(String egress) {
        var module =
                ModuleBuilder.create()
                        .endpoint(
                                ModuleBuilder.http(
                                        "delayed/*",
                                        FUNCTIONS.server().url("http", "/{function.name}")))
                        .ingress(
                                new GeneratorIngressSpec(
                                        TypeName.parse("delayed/in"),
                                        List.of(
                                                TypeName.parse(
                                                        DelayedRestoreFunctions.SCHEDULER
                                                                .asTypeNameString())),
                                        WellKnownTypes.LONG,
                                        0,
                                        KEYS,
                                        KEYS))
                        .egress(new PrintEgressSpec(OUT, PrintEgressSpec.Output.LOG))
                        .build();
        return ModulePlanner.plan(
                module, Map.of(OUT, spec -> TestJobs.committed(spec.id(), egress, null)));
    }
}
