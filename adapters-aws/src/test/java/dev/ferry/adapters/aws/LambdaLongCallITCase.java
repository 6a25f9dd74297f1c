package dev.ferry.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.adapters.aws.testing.LambdaFixture;
import dev.ferry.adapters.aws.testing.LambdaRuntimeProcess;
import dev.ferry.adapters.aws.testing.SdkFunctions;
import dev.ferry.invokers.AwsCredentials;
import dev.ferry.invokers.RetryPolicy;
import dev.ferry.invokers.lambda.LambdaEndpointConfig;
import dev.ferry.invokers.lambda.LambdaInvoker;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.testing.Requests;
import dev.ferry.protocol.wire.FromFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A function that runs longer than the AWS SDK's default read timeout of 30 s is waited for: the
 * invoker raises the SDK's timeouts to the endpoint's, and a single attempt succeeds (no retry
 * hides a cut-off call).
 */
class LambdaLongCallITCase {

    @Test
    void aCallLongerThanTheSdksDefaultReadTimeoutSucceedsInOneAttempt() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "lambda-runtime"));
        try (LambdaFixture fixture = new LambdaFixture();
                LambdaRuntimeProcess runtime =
                        LambdaRuntimeProcess.start(
                                fixture,
                                SdkFunctions.class.getName(),
                                logs.resolve("long-call.log"));
                LambdaInvoker invoker =
                        LambdaInvoker.create(
                                LambdaEndpointConfig.of("ferry-test")
                                        .withEndpoint(
                                                "us-east-1",
                                                fixture.endpoint(),
                                                AwsCredentials.staticKeys("test", "test"))
                                        .withTimeout(Duration.ofSeconds(90))
                                        .withRetry(
                                                new RetryPolicy(
                                                        Duration.ofMillis(10),
                                                        Duration.ofMillis(100),
                                                        2,
                                                        0,
                                                        1,
                                                        Duration.ofSeconds(90),
                                                        RetryPolicy.DEFAULT_RETRYABLE_STATUSES)))) {
            FunctionAddress sleeper = FunctionAddress.of("ferry.test", "sleep", "long");
            long started = System.nanoTime();

            FromFunction reply =
                    invoker.invoke(Requests.batch(sleeper, null, 31_000))
                            .get(120, TimeUnit.SECONDS);

            assertThat(reply.hasInvocationResult()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isGreaterThan(Duration.ofSeconds(31));
            assertThat(fixture.invocations()).hasSize(1);
        }
    }
}
