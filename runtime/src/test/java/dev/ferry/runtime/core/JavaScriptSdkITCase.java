package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.module.ModuleBuilder;
import dev.ferry.runtime.module.RetrySpec;
import java.nio.file.Path;
import java.time.Duration;
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
 * server's death and restart in the middle of the stream.
 */
class JavaScriptSdkITCase {
    private static final CounterAndEchoRun RUN = new CounterAndEchoRun(20, 600);

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

    private static JobPlan plan(int port, String egress, boolean injectFailure) {
        return RUN.plan(
                ModuleBuilder.http(
                        "test/*",
                        "http://127.0.0.1:" + port + "/{function.name}",
                        Duration.ofSeconds(10),
                        RetrySpec.defaults()),
                200,
                egress,
                injectFailure ? new FailOnce() : null);
    }
}
