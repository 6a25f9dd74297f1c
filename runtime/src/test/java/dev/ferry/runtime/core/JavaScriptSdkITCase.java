package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.module.EndpointSpec;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleBuilder;
import dev.ferry.runtime.module.PrintEgressSpec;
import dev.ferry.runtime.module.RetrySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functions written with the official StateFun JavaScript SDK (npm {@code apache-flink-statefun}
 * 3.3.0, {@code tools/statefun-js}) under Node.js: the counter and echo of the other exactly-once
 * tests, called over HTTP as any StateFun 3.x endpoint. Every count and every egress record comes
 * out exactly once through a task failure in the middle of the stream, and through the function
 * server's death and restart in the middle of the stream. Delayed messages and their cancellation
 * tokens ({@code test/reminder}) come out exactly once through a task failure while they fire.
 */
class JavaScriptSdkITCase {
    private static final CounterAndEchoRun RUN = new CounterAndEchoRun(20, 600);
    private static final TypeName OUT = TypeName.parse("test/out");

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    @Test
    void aTaskFailureChangesNothing(@TempDir Path checkpoints) throws Exception {
        String egress = "js-task-failure";
        try (NodeFunctionServer functions = NodeFunctionServer.start(0)) {
            FailOnce.reset(250);
            JobClient job =
                    TestJobs.start(plan(functions.port(), egress, true), checkpoints, null, 2);
            try {
                RUN.awaitAll(egress);
            } finally {
                TestJobs.cancel(job);
            }
        }
        assertThat(FailOnce.injected()).as("task failures injected").isEqualTo(1);
        RUN.assertExactlyOnce(egress);
    }

    @Test
    void theFunctionServerDyingAndComingBackChangesNothing(@TempDir Path checkpoints)
            throws Exception {
        String egress = "js-server-restart";
        NodeFunctionServer functions = NodeFunctionServer.start(0);
        int port = functions.port();
        JobClient job = TestJobs.start(plan(port, egress, false), checkpoints, null, 2);
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> CommittedEgress.committed(egress).size() > 200);
            functions.close();
            int before = CommittedEgress.committed(egress).size();
            // Requests now fail to connect and are retried; none of their effects may be lost.
            functions = NodeFunctionServer.start(port);
            assertThat(before).as("records when the server died").isLessThan(2 * RUN.messages());
            RUN.awaitAll(egress);
        } finally {
            TestJobs.cancel(job);
            functions.close();
        }
        RUN.assertExactlyOnce(egress);
    }

    @Test
    void remindersAndTheirCancellationsComeOutExactlyOnceThroughATaskFailure(
            @TempDir Path checkpoints) throws Exception {
        String egress = "js-reminders";
        int keys = 20;
        int messages = 200;
        List<String> expected = new ArrayList<>();
        for (int key = 0; key < keys; key++) {
            for (int count = 2; count <= messages / keys; count += 2) {
                expected.add("reminder " + key + " " + count);
            }
        }
        try (NodeFunctionServer functions = NodeFunctionServer.start(0)) {
            // Fails once reminders have begun to fire: the restore brings back delayed messages
            // still due, cancellations, and reminders fired but not yet committed.
            FailOnce.reset(expected.size() / 3);
            Module module =
                    ModuleBuilder.create()
                            .endpoint(endpoint(functions.port()))
                            .ingress(
                                    new GeneratorIngressSpec(
                                            TypeName.parse("test/numbers"),
                                            List.of(TypeName.parse("test/reminder")),
                                            WellKnownTypes.LONG,
                                            200,
                                            messages,
                                            keys))
                            .egress(new PrintEgressSpec(OUT, PrintEgressSpec.Output.LOG))
                            .build();
            JobPlan plan =
                    ModulePlanner.plan(
                            module,
                            Map.of(
                                    OUT,
                                    spec -> TestJobs.committed(spec.id(), egress, new FailOnce())));
            JobClient job = TestJobs.start(plan, checkpoints, null, 2);
            try {
                // The last reminders are due 10 s after the last message; an odd one that was not
                // cancelled would have been due 2 s before them.
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(100))
                        .until(
                                () ->
                                        new HashSet<>(CommittedEgress.committed(egress))
                                                .containsAll(expected));
            } finally {
                TestJobs.cancel(job);
            }
        }
        assertThat(FailOnce.injected()).as("task failures injected").isEqualTo(1);
        ExactlyOnceAssertions.assertEachExactlyOnce(CommittedEgress.committed(egress), expected);
    }

    private static JobPlan plan(int port, String egress, boolean injectFailure) {
        return RUN.plan(endpoint(port), 200, egress, injectFailure ? new FailOnce() : null);
    }

    private static EndpointSpec endpoint(int port) {
        return ModuleBuilder.http(
                "test/*",
                "http://127.0.0.1:" + port + "/{function.name}",
                Duration.ofSeconds(10),
                RetrySpec.defaults());
    }
}
