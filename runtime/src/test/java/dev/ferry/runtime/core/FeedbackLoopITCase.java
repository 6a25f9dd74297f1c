package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.http.SdkFunctionServerExtension;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.translation.ModulePlanner;
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
 * SDK functions over HTTP, two subtasks: a greeter, ping-pong between two function types (every
 * ball crosses the feedback loop), and a fan-out to 1,000 ids that fans back in to one aggregator.
 * Outputs are read from a committing test egress, so each must appear exactly once.
 */
class FeedbackLoopITCase {
    private static final TypeName OUT = TypeName.parse("loop/out");

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniClusterSpillingFeedback();

    @RegisterExtension
    static final SdkFunctionServerExtension FUNCTIONS =
            new SdkFunctionServerExtension(LoopFunctions::all);

    @Test
    void greeterCountsVisitsPerId(@TempDir Path checkpoints) throws Exception {
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            expected.add("hello " + n % 5 + " #" + (n / 5 + 1));
        }
        assertOutput(
                "greeter",
                generator("loop/greeter", WellKnownTypes.STRING, 10, 5),
                checkpoints,
                expected);
    }

    @Test
    void pingPongRalliesCrossTheLoop(@TempDir Path checkpoints) throws Exception {
        List<String> expected = new ArrayList<>();
        for (int id = 0; id < 20; id++) {
            expected.add("rally " + id + " done");
        }
        assertOutput(
                "ping-pong",
                generator("loop/ping", WellKnownTypes.LONG, 20, 20),
                checkpoints,
                expected);
    }

    @Test
    void fanOutToAThousandIdsFansBackIn(@TempDir Path checkpoints) throws Exception {
        long sum = (long) LoopFunctions.WORKERS * (LoopFunctions.WORKERS - 1) / 2;
        assertOutput(
                "fan-out",
                generator("loop/fanout", WellKnownTypes.LONG, 1, 1),
                checkpoints,
                List.of("fan-in " + LoopFunctions.WORKERS + " " + sum));
    }

    private static GeneratorIngressSpec generator(
            String target, String valueType, long count, int keySpace) {
        return new GeneratorIngressSpec(
                TypeName.parse("loop/in"),
                List.of(TypeName.parse(target)),
                valueType,
                0,
                count,
                keySpace);
    }

    private static void assertOutput(
            String name, GeneratorIngressSpec ingress, Path checkpoints, List<String> expected)
            throws Exception {
        var module =
                ModuleBuilder.create()
                        .endpoint(
                                ModuleBuilder.http(
                                        "loop/*",
                                        FUNCTIONS.server().url("http", "/{function.name}")))
                        .ingress(ingress)
                        .egress(new PrintEgressSpec(OUT, PrintEgressSpec.Output.LOG))
                        .build();
        var plan =
                ModulePlanner.plan(
                        module, Map.of(OUT, spec -> TestJobs.committed(spec.id(), name, null)));
        JobClient job = TestJobs.start(plan, checkpoints, null, 2);
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> CommittedEgress.committed(name).size() >= expected.size());
            // One more completed checkpoint: anything duplicated would be committed by then.
            long complete = CommittedEgress.completedCheckpoint(name);
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> CommittedEgress.completedCheckpoint(name) > complete);
        } finally {
            TestJobs.cancel(job);
        }
        assertThat(CommittedEgress.committed(name)).containsExactlyInAnyOrderElementsOf(expected);
    }
}
