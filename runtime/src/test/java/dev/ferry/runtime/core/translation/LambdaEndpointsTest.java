package dev.ferry.runtime.core.translation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.invokers.Invoker;
import dev.ferry.invokers.lambda.LambdaEndpointConfig;
import dev.ferry.protocol.PayloadLimits;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.LambdaEndpointSpec;
import dev.ferry.runtime.module.ModuleBuilder;
import dev.ferry.runtime.module.RetrySpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a {@code ferry.endpoints.v1/lambda} endpoint becomes the Lambda invoker's configuration. */
class LambdaEndpointsTest {

    @Test
    void defaultsUseTheDefaultChainsLambdasLimitAndTheTimeoutAsDeadline() {
        LambdaEndpointSpec spec = ModuleBuilder.lambda("fraud/*", "fraud-{function.name}");

        LambdaEndpointConfig config = LambdaEndpoints.config(spec);

        assertThat(config.functionName()).isEqualTo("fraud-{function.name}");
        assertThat(config.qualifier()).isNull();
        assertThat(config.region()).isNull();
        assertThat(config.endpointOverride()).isNull();
        assertThat(config.credentials()).isEqualTo(AwsCredentials.defaultChain());
        assertThat(config.timeout()).isEqualTo(LambdaEndpointSpec.DEFAULT_TIMEOUT);
        assertThat(config.maxRequestBytes()).isEqualTo(6L * 1024 * 1024);
        assertThat(config.maxConcurrency()).isZero();
        assertThat(config.retry().deadline()).isEqualTo(LambdaEndpointSpec.DEFAULT_TIMEOUT);
        assertThat(config.retry().isRetryableStatus(429)).isTrue();
        assertThat(config.retry().isRetryableStatus(500)).isTrue();
        assertThat(config.retry().isRetryableStatus(404)).isFalse();
    }

    @Test
    void everySettingIsCarriedOver() {
        LambdaEndpointSpec spec =
                new LambdaEndpointSpec(
                        FunctionPattern.parse("fraud/model"),
                        "arn:aws:lambda:eu-west-1:123456789012:function:model",
                        "live",
                        "eu-west-1",
                        new AwsCredentials(
                                AwsCredentials.Type.ASSUME_ROLE,
                                null,
                                null,
                                null,
                                null,
                                null,
                                "arn:aws:iam::123456789012:role/ferry",
                                "ferry-job",
                                "ext-1"),
                        "https://vpce-1.lambda.eu-west-1.vpce.amazonaws.com",
                        Duration.ofSeconds(900),
                        100,
                        1_000_000,
                        8,
                        RetrySpec.defaults());

        LambdaEndpointConfig config = LambdaEndpoints.config(spec);

        assertThat(config.qualifier()).isEqualTo("live");
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.endpointOverride())
                .isEqualTo("https://vpce-1.lambda.eu-west-1.vpce.amazonaws.com");
        assertThat(config.credentials().type()).isEqualTo(AwsCredentials.Type.ASSUME_ROLE);
        assertThat(config.credentials().roleArn())
                .isEqualTo("arn:aws:iam::123456789012:role/ferry");
        assertThat(config.credentials().sessionName()).isEqualTo("ferry-job");
        assertThat(config.credentials().externalId()).isEqualTo("ext-1");
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(900));
        assertThat(config.retry().deadline()).isEqualTo(Duration.ofSeconds(900));
        assertThat(config.maxRequestBytes()).isEqualTo(1_000_000);
        assertThat(config.maxConcurrency()).isEqualTo(8);
    }

    @Test
    void thePlannerServesLambdaEndpointsWithTheLambdaInvoker() {
        LambdaEndpointSpec spec =
                new LambdaEndpointSpec(
                        FunctionPattern.parse("fraud/*"),
                        "fraud",
                        "live",
                        "us-east-1",
                        AwsCredentials.staticKeys("id", "secret"),
                        "http://127.0.0.1:1",
                        Duration.ofSeconds(30),
                        100,
                        PayloadLimits.LAMBDA_MAX_PAYLOAD_BYTES,
                        0,
                        RetrySpec.defaults());

        ModulePlanner.EndpointPlan plan = ModulePlanner.endpointPlan(spec);

        assertThat(plan.target()).isEqualTo("fraud:live");
        try (Invoker invoker = plan.invokerFactory().create()) {
            assertThat(invoker.maxRequestBytes()).isEqualTo(4_718_322);
        }
    }
}
