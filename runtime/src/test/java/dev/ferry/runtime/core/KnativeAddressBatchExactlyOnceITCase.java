package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.adapters.knative.KnativeFunctionServer;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.module.AddressBatching;
import dev.ferry.runtime.module.EndpointSpec;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.KnativeEndpointSpec;
import dev.ferry.runtime.module.RetrySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once with address batching through the Knative adapter: a {@code
 * ferry.endpoints.v1/knative} endpoint with {@code addressBatching} on calls the Knative server
 * (real HTTP on loopback) hosting the StateFun SDK test functions. The function fails for some
 * addresses inside batches (those results alone are sent again) and a task fails in the middle of
 * the stream (address batches in flight are re-sent per address after the restore); every count and
 * egress record still comes out exactly once.
 */
class KnativeAddressBatchExactlyOnceITCase {
    private static final CounterAndEchoRun RUN = new CounterAndEchoRun(20, 600);
    private static final int ADDRESS_FAILURES = 10;

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    private static final AtomicInteger failuresLeft = new AtomicInteger();
    private static final AtomicInteger addressCalls = new AtomicInteger();
    private static KnativeFunctionServer server;

    @BeforeAll
    static void startServer() throws Exception {
        RemoteHandler functions = StatefulFunctionsHandler.of(TestFunctions.all());
        // Each address of a batch reaches the handler on its own: failing some of them fails
        // only their results, which the runtime sends again.
        RemoteHandler failingSome =
                request -> {
                    addressCalls.incrementAndGet();
                    if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                        return CompletableFuture.failedFuture(
                                new IllegalStateException("injected failure for one address"));
                    }
                    return functions.handle(request);
                };
        server = KnativeFunctionServer.builder(failingSome).host("127.0.0.1").port(0).start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void addressFailuresAndATaskFailureChangeNothing(@TempDir Path checkpoints) throws Exception {
        String egress = "knative-address-batches";
        failuresLeft.set(ADDRESS_FAILURES);
        FailOnce.reset(300);
        JobClient job = TestJobs.start(plan(egress), checkpoints, null, 2);
        try {
            RUN.awaitAll(egress);
        } finally {
            TestJobs.cancel(job);
        }
        assertThat(FailOnce.injected()).as("task failures injected").isEqualTo(1);
        assertThat(failuresLeft.get()).as("injected address failures not served").isZero();
        RUN.assertExactlyOnce(egress);
        assertThat(server.inFlight()).isZero();
        assertThat(addressCalls.get())
                .as("address invocations the server fanned out (every counter and echo address)")
                .isGreaterThanOrEqualTo(2 * RUN.keys() + ADDRESS_FAILURES);
    }

    private static JobPlan plan(String egress) {
        EndpointSpec knative =
                new KnativeEndpointSpec(
                        FunctionPattern.parse("test/*"),
                        server.url("/"),
                        null,
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5),
                        EndpointSpec.DEFAULT_MAX_NUM_BATCH_REQUESTS,
                        RetrySpec.defaults(),
                        AddressBatching.ON);
        return RUN.plan(knative, 600, egress, new FailOnce());
    }
}
