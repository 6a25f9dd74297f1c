package dev.ferry.runtime.core.translation;

import dev.ferry.invokers.cloudfunctions.CloudFunctionsEndpointConfig;
import dev.ferry.invokers.cloudfunctions.CloudFunctionsInvoker;
import dev.ferry.invokers.http.HttpEndpointConfig;
import dev.ferry.runtime.module.CloudFunctionsEndpointSpec;
import dev.ferry.runtime.module.GcpCredentials;
import java.time.Duration;

/**
 * How a {@code ferry.endpoints.v1/cloudfunctions} endpoint is served: the Cloud Functions invoker.
 */
final class CloudFunctionsEndpoints {
    private CloudFunctionsEndpoints() {}

    static ModulePlanner.EndpointPlan plan(CloudFunctionsEndpointSpec endpoint) {
        CloudFunctionsEndpointConfig config = config(endpoint);
        return new ModulePlanner.EndpointPlan(
                endpoint.urlPathTemplate(), () -> CloudFunctionsInvoker.create(config));
    }

    static CloudFunctionsEndpointConfig config(CloudFunctionsEndpointSpec endpoint) {
        HttpEndpointConfig http =
                new HttpEndpointConfig(
                        endpoint.urlPathTemplate(),
                        null,
                        endpoint.connectTimeout(),
                        HttpEndpointConfig.DEFAULT_ATTEMPT_TIMEOUT,
                        HttpEndpointConfig.REMOTE_POOL_SIZE,
                        Duration.ofSeconds(15),
                        endpoint.maxRequestBytes(),
                        null,
                        endpoint.retry().toPolicy(endpoint.callTimeout()),
                        null,
                        "maxRequestBytes");
        GcpCredentials credentials = endpoint.credentials();
        CloudFunctionsEndpointConfig.Credentials source =
                credentials.type() == GcpCredentials.Type.SERVICE_ACCOUNT_KEY
                        ? CloudFunctionsEndpointConfig.Credentials.keyFile(credentials.keyFile())
                        : CloudFunctionsEndpointConfig.Credentials.applicationDefault();
        return new CloudFunctionsEndpointConfig(
                http,
                endpoint.audience(),
                source,
                CloudFunctionsEndpointConfig.DEFAULT_REFRESH_MARGIN);
    }
}
