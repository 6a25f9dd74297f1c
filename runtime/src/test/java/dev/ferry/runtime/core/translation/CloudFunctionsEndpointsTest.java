package dev.ferry.runtime.core.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.invokers.cloudfunctions.CloudFunctionsEndpointConfig;
import dev.ferry.invokers.cloudfunctions.CloudFunctionsEndpointConfig.Credentials;
import dev.ferry.runtime.module.CloudFunctionsEndpointSpec;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.GcpCredentials;
import dev.ferry.runtime.module.ModuleBuilder;
import dev.ferry.runtime.module.RetrySpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a {@code ferry.endpoints.v1/cloudfunctions} endpoint becomes the invoker's configuration. */
class CloudFunctionsEndpointsTest {

    @Test
    void defaultsCallTheUrlWithApplicationDefaultCredentials() {
        CloudFunctionsEndpointSpec spec =
                ModuleBuilder.cloudFunctions(
                        "shop/*", "https://europe-west1-p.cloudfunctions.net/{function.name}");

        CloudFunctionsEndpointConfig config = CloudFunctionsEndpoints.config(spec);

        assertThat(config.http().urlPathTemplate())
                .isEqualTo("https://europe-west1-p.cloudfunctions.net/{function.name}");
        assertThat(config.audience()).isNull();
        assertThat(config.credentials()).isEqualTo(Credentials.applicationDefault());
        assertThat(config.http().maxRequestBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(config.http().retry().deadline()).isEqualTo(spec.callTimeout());
        assertThat(config.http().retry().isRetryableStatus(429)).isTrue();
        assertThat(config.http().retry().isRetryableStatus(503)).isTrue();
        assertThat(config.http().retry().isRetryableStatus(401)).isFalse();
        assertThat(config.http().retry().isRetryableStatus(403)).isFalse();
        assertThat(config.refreshMargin())
                .isEqualTo(CloudFunctionsEndpointConfig.DEFAULT_REFRESH_MARGIN);
    }

    @Test
    void keyFileAudienceTimeoutsAndLimitAreCarriedOver() {
        CloudFunctionsEndpointSpec spec =
                new CloudFunctionsEndpointSpec(
                        FunctionPattern.parse("shop/cart"),
                        "https://cart-abc-ew.a.run.app",
                        "https://cart-abc-ew.a.run.app/",
                        new GcpCredentials(
                                GcpCredentials.Type.SERVICE_ACCOUNT_KEY, "/secrets/key.json"),
                        Duration.ofSeconds(90),
                        Duration.ofSeconds(3),
                        100,
                        1_000_000,
                        RetrySpec.defaults());

        CloudFunctionsEndpointConfig config = CloudFunctionsEndpoints.config(spec);

        assertThat(config.audience()).isEqualTo("https://cart-abc-ew.a.run.app/");
        assertThat(config.credentials()).isEqualTo(Credentials.keyFile("/secrets/key.json"));
        assertThat(config.http().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.http().retry().deadline()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.http().maxRequestBytes()).isEqualTo(1_000_000);
        assertThat(ModulePlanner.endpointPlan(spec).target())
                .isEqualTo("https://cart-abc-ew.a.run.app");
    }

    @Test
    void anEndpointBuiltInCodeIsRefusedWhenItsTokensWouldTravelInClearText() {
        CloudFunctionsEndpointSpec spec =
                ModuleBuilder.cloudFunctions("shop/*", "http://cart.example.com/{function.name}");

        assertThatThrownBy(() -> ModulePlanner.endpointPlan(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://cart.example.com/{function.name}")
                .hasMessageContaining("ID tokens in clear text");
    }
}
