package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.adapters.gcp.FunctionsFrameworkProcess;
import dev.ferry.invokers.cloudfunctions.CloudFunctionsEndpointConfig;
import dev.ferry.invokers.cloudfunctions.CloudFunctionsInvoker;
import dev.ferry.invokers.cloudfunctions.LocalTokenServer;
import dev.ferry.invokers.http.HttpEndpointConfig;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PayloadLimits;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.module.CloudFunctionsEndpointSpec;
import dev.ferry.runtime.module.EndpointSpec;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.GcpCredentials;
import dev.ferry.runtime.module.RetrySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cloud Functions end to end: the runtime's Cloud Functions invoker, with ID tokens from a local
 * token endpoint, calls the real Functions Framework invoker (a child process) serving the test
 * functions through the adapter. The function fails its first requests and a task fails in the
 * middle of the stream; every count and egress record must still come out exactly once.
 */
class CloudFunctionsExactlyOnceITCase {
    private static final CounterAndEchoRun RUN = new CounterAndEchoRun(20, 600);
    private static final int FUNCTION_FAILURES = 5;

    /** The function's deployable, picked from this JVM's class path. */
    private static final List<String> FUNCTION_CLASS_PATH =
            List.of(
                    "runtime/target/test-classes",
                    "adapters-gcp/target/classes",
                    "ferry-adapters-gcp",
                    "protocol/target/classes",
                    "ferry-protocol",
                    "protobuf-java",
                    "gson-",
                    "statefun-sdk-java");

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    @TempDir static Path keys;
    private static LocalTokenServer tokens;
    private static Path keyFile;
    private static FunctionsFrameworkProcess function;

    @BeforeAll
    static void start() throws Exception {
        tokens = new LocalTokenServer();
        keyFile = tokens.writeKeyFile(keys);
        function =
                FunctionsFrameworkProcess.start(
                        CloudFunctionsTestFunction.class.getName(),
                        FUNCTION_CLASS_PATH,
                        "FERRY_TEST_FAILURES",
                        Integer.toString(FUNCTION_FAILURES));
    }

    @AfterAll
    static void stop() throws Exception {
        if (function != null) {
            function.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    @Test
    void functionFailuresAndATaskFailureChangeNothing(@TempDir Path checkpoints) throws Exception {
        String egress = "cloud-functions";
        FailOnce.reset(250);
        JobClient job = TestJobs.start(plan(egress), checkpoints, null, 2);
        try {
            RUN.awaitAll(egress);
        } finally {
            TestJobs.cancel(job);
        }
        assertThat(FailOnce.injected()).as("task failures injected").isEqualTo(1);
        assertThat(function.log())
                .as("every injected function failure was served, and no more")
                .contains(
                        "injected function failure "
                                + FUNCTION_FAILURES
                                + " of "
                                + FUNCTION_FAILURES)
                .doesNotContain("injected function failure " + (FUNCTION_FAILURES + 1) + " ");
        RUN.assertExactlyOnce(egress);
        assertThat(tokens.audiences())
                .as("ID tokens for each function's URL, fetched once per invoker")
                .isNotEmpty()
                .allSatisfy(
                        audience ->
                                assertThat(audience)
                                        .isIn(function.url() + "counter", function.url() + "echo"))
                .hasSizeLessThanOrEqualTo(16);
    }

    @Test
    void perInvocationLatencyThroughTheInvoker() throws Exception {
        try (CloudFunctionsInvoker invoker =
                CloudFunctionsInvoker.create(
                        CloudFunctionsEndpointConfig.of(
                                HttpEndpointConfig.of(function.url() + "{function.name}"),
                                CloudFunctionsEndpointConfig.Credentials.keyFile(
                                        keyFile.toString())))) {
            ToFunction request =
                    ToFunction.newBuilder()
                            .setInvocation(
                                    ToFunction.InvocationBatchRequest.newBuilder()
                                            .setTarget(
                                                    FunctionAddress.of("test", "echo", "latency")
                                                            .toProto())
                                            .addInvocations(
                                                    ToFunction.Invocation.newBuilder()
                                                            .setArgument(
                                                                    PrimitiveCodecs.intValue(1))))
                            .build();
            for (int i = 0; i < 300; i++) {
                invoker.invoke(request).get(30, TimeUnit.SECONDS);
            }
            int rounds = 1000;
            long[] nanos = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                invoker.invoke(request).get(30, TimeUnit.SECONDS);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf(
                    "Cloud Functions invoker -> Functions Framework -> adapter -> SDK, one"
                            + " invocation (%d sequential): p50 %.3f ms, p90 %.3f ms, p99 %.3f ms%n",
                    rounds,
                    nanos[rounds / 2] / 1e6,
                    nanos[rounds * 9 / 10] / 1e6,
                    nanos[rounds * 99 / 100] / 1e6);
            assertThat(nanos[rounds / 2]).isLessThan(TimeUnit.SECONDS.toNanos(1));
        }
    }

    private static CloudFunctionsEndpointSpec endpoint() {
        return new CloudFunctionsEndpointSpec(
                FunctionPattern.parse("test/*"),
                function.url() + "{function.name}",
                null,
                new GcpCredentials(GcpCredentials.Type.SERVICE_ACCOUNT_KEY, keyFile.toString()),
                Duration.ofSeconds(60),
                Duration.ofSeconds(5),
                EndpointSpec.DEFAULT_MAX_NUM_BATCH_REQUESTS,
                PayloadLimits.HTTP_MAX_PAYLOAD_BYTES,
                RetrySpec.defaults());
    }

    private static JobPlan plan(String egress) {
        return RUN.plan(endpoint(), 400, egress, new FailOnce());
    }
}
