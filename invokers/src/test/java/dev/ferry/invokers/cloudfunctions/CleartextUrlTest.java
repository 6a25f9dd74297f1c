package dev.ferry.invokers.cloudfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.invokers.cloudfunctions.CloudFunctionsEndpointConfig.Credentials;
import dev.ferry.invokers.http.HttpEndpointConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ID tokens never travel in clear text: Cloud Functions URLs are https, or http on loopback. */
class CleartextUrlTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://europe-west1-p.cloudfunctions.net/{function.name}",
                "https://{function.name}-abc-ew.a.run.app",
                "http://127.0.0.1:8080/{function.name}",
                "http://127.10.0.1/f",
                "http://localhost:9000",
                "http://[::1]:8080/{function.name}",
                "http://user@127.0.0.1:1/f?x=y"
            })
    void acceptsHttpsAndLoopback(String url) {
        assertThat(CloudFunctionsEndpointConfig.sendsTokensInClear(url)).isFalse();
        assertThat(config(url).http().urlPathTemplate()).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://europe-west1-p.cloudfunctions.net/{function.name}",
                "http://{function.name}-abc-ew.a.run.app",
                "http://127.0.0.1.nip.io/f",
                "http://localhost.example.com/f",
                "http://10.0.0.7:8080/f",
                "http://[2001:db8::1]:8080/f",
                "http://127.0.0.1@example.com/f"
            })
    void refusesHttpToAnyOtherHost(String url) {
        assertThat(CloudFunctionsEndpointConfig.sendsTokensInClear(url)).isTrue();
        assertThatThrownBy(() -> config(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Cloud Functions endpoint "
                                + url
                                + " would send ID tokens in clear text; expected an https:// URL"
                                + " (http:// only to a loopback address: 127.0.0.1, [::1] or"
                                + " localhost)");
    }

    private static CloudFunctionsEndpointConfig config(String url) {
        return CloudFunctionsEndpointConfig.of(
                HttpEndpointConfig.of(url), Credentials.applicationDefault());
    }
}
