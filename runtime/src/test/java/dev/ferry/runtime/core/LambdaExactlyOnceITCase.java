package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.adapters.aws.testing.LambdaFixture;
import dev.ferry.adapters.aws.testing.LambdaRuntimeProcess;
import dev.ferry.invokers.AwsCredentials;
import dev.ferry.protocol.PayloadLimits;
import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.module.AddressBatching;
import dev.ferry.runtime.module.EndpointSpec;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.LambdaEndpointSpec;
import dev.ferry.runtime.module.RetrySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once through AWS Lambda: a module's {@code ferry.endpoints.v1/lambda} endpoint serves
 * {@code test/counter} and {@code test/echo} (StateFun SDK functions in the Lambda adapter, run by
 * the real runtime interface client in two child JVMs behind the loopback Lambda fixture). With
 * throttling, function errors and a task failure in the middle of the stream, every count and every
 * egress record comes out exactly once.
 */
class LambdaExactlyOnceITCase {
    private static final CounterAndEchoRun RUN = new CounterAndEchoRun(10, 300);
    private static final Path LOGS = Path.of("target", "lambda-runtime");

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    private static LambdaFixture fixture;
    private static final List<LambdaRuntimeProcess> runtimes = new ArrayList<>();

    @BeforeAll
    static void startLambda() throws Exception {
        Files.createDirectories(LOGS);
        fixture = new LambdaFixture();
        for (int i = 0; i < 2; i++) {
            runtimes.add(
                    LambdaRuntimeProcess.start(
                            fixture,
                            LambdaTestFunctions.class.getName(),
                            LOGS.resolve("exactly-once-" + i + ".log")));
        }
    }

    @AfterAll
    static void stopLambda() {
        runtimes.forEach(LambdaRuntimeProcess::close);
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void throttlingFunctionErrorsAndATaskFailureChangeNothing(@TempDir Path checkpoints)
            throws Exception {
        String egress = "lambda-task-failure";
        fixture.throttleNext(3, 0);
        fixture.failNext(3);
        FailOnce.reset(200);
        JobClient job = TestJobs.start(plan(egress), checkpoints, null, 2);
        try {
            RUN.awaitAll(egress);
        } finally {
            TestJobs.cancel(job);
        }
        assertThat(FailOnce.injected()).as("task failures injected").isEqualTo(1);
        assertThat(fixture.failuresLeft()).as("injected function errors not served").isZero();
        assertThat(fixture.throttlesLeft()).as("injected throttles not served").isZero();
        assertThat(fixture.invocations())
                .allSatisfy(call -> assertThat(call.functionName()).isEqualTo("ferry-counter"));
        RUN.assertExactlyOnce(egress);
        runtimes.forEach(runtime -> assertThat(runtime.isAlive()).isTrue());
    }

    /**
     * The same with address batching on: requests carry the batches of many addresses, the adapter
     * fans them out to the functions, and each address's effects still count once, through
     * throttles, function errors (whole requests failing) and a restore from a checkpoint that had
     * address batches in flight.
     */
    @Test
    void addressBatchesChangeNothingEither(@TempDir Path checkpoints) throws Exception {
        String egress = "lambda-address-batches";
        int before = fixture.invocations().size();
        fixture.throttleNext(3, 0);
        fixture.failNext(3);
        FailOnce.reset(200);
        JobClient job = TestJobs.start(plan(egress, AddressBatching.ON), checkpoints, null, 2);
        try {
            RUN.awaitAll(egress);
        } finally {
            TestJobs.cancel(job);
        }
        assertThat(FailOnce.injected()).as("task failures injected").isEqualTo(1);
        assertThat(fixture.failuresLeft()).as("injected function errors not served").isZero();
        assertThat(fixture.throttlesLeft()).as("injected throttles not served").isZero();
        RUN.assertExactlyOnce(egress);
        int invocations = fixture.invocations().size() - before;
        // Each message makes two invocations of an address (counter, then echo); address batches
        // carry several addresses each, so fewer Lambda invocations than that are needed.
        assertThat(invocations).as("Lambda invocations").isLessThan(2 * RUN.messages());
        runtimes.forEach(runtime -> assertThat(runtime.isAlive()).isTrue());
    }

    private static JobPlan plan(String egress) {
        return plan(egress, AddressBatching.OFF);
    }

    private static JobPlan plan(String egress, AddressBatching batching) {
        EndpointSpec lambda =
                new LambdaEndpointSpec(
                        FunctionPattern.parse("test/*"),
                        "ferry-counter",
                        "live",
                        "us-east-1",
                        AwsCredentials.staticKeys("test", "test"),
                        fixture.endpoint(),
                        Duration.ofSeconds(30),
                        EndpointSpec.DEFAULT_MAX_NUM_BATCH_REQUESTS,
                        PayloadLimits.LAMBDA_MAX_PAYLOAD_BYTES,
                        4,
                        RetrySpec.defaults(),
                        batching);
        return RUN.plan(lambda, 300, egress, new FailOnce());
    }
}
