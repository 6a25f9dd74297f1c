package dev.ferry.runtime.core.translation;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.invokers.lambda.LambdaEndpointConfig;
import dev.ferry.invokers.lambda.LambdaInvoker;
import dev.ferry.runtime.module.LambdaEndpointSpec;
import java.time.Duration;

/** How a {@code ferry.endpoints.v1/lambda} endpoint is served: the Lambda invoker. */
final class LambdaEndpoints {
    /** Connect timeout to the Lambda API (not configurable in the module). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private LambdaEndpoints() {}

    static ModulePlanner.EndpointPlan plan(LambdaEndpointSpec endpoint) {
        LambdaEndpointConfig config = config(endpoint);
        String target =
                endpoint.functionName()
                        + (endpoint.qualifier() == null ? "" : ":" + endpoint.qualifier());
        return new ModulePlanner.EndpointPlan(target, () -> LambdaInvoker.create(config));
    }

    static LambdaEndpointConfig config(LambdaEndpointSpec endpoint) {
        return new LambdaEndpointConfig(
                endpoint.functionName(),
                endpoint.qualifier(),
                endpoint.region(),
                credentials(endpoint.credentials()),
                endpoint.endpointOverride(),
                CONNECT_TIMEOUT,
                endpoint.timeout(),
                endpoint.maxRequestBytes(),
                endpoint.maxConcurrency(),
                endpoint.retry().toPolicy(endpoint.timeout()));
    }

    private static AwsCredentials credentials(AwsCredentials credentials) {
        return credentials == null ? AwsCredentials.defaultChain() : credentials;
    }
}
