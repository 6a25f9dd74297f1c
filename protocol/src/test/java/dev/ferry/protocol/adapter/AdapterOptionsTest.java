package dev.ferry.protocol.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The environment every adapter reads, read once. */
class AdapterOptionsTest {

    @Test
    void defaults() {
        AdapterOptions options = AdapterOptions.fromEnvironment(Map.of());

        assertThat(options.functionsClass()).isNull();
        assertThat(options.maxRequestBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(options.maxConcurrency()).isEqualTo(100);
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.authToken()).isEmpty();
        assertThat(AdapterOptions.fromEnvironment(Map.of(), 6_291_456).maxRequestBytes())
                .isEqualTo(6_291_456);
    }

    @Test
    void readsEveryVariable() {
        AdapterOptions options =
                AdapterOptions.fromEnvironment(
                        Map.of(
                                "FERRY_FUNCTIONS", " com.example.Functions ",
                                "FERRY_MAX_REQUEST_BYTES", "1024",
                                "FERRY_MAX_CONCURRENCY", "0",
                                "PORT", " 9090 ",
                                "FERRY_AUTH_TOKEN", "t0ken"),
                        6_291_456);

        assertThat(options.functionsClass()).isEqualTo("com.example.Functions");
        assertThat(options.maxRequestBytes()).isEqualTo(1024);
        assertThat(options.maxConcurrency()).isZero();
        assertThat(options.port()).isEqualTo(9090);
        assertThat(options.authToken()).isEqualTo(Optional.of("t0ken"));
        assertThat(options.toString()).doesNotContain("t0ken");
        assertThat(AdapterOptions.fromEnvironment(Map.of("FERRY_AUTH_TOKEN", " ")).authToken())
                .isEmpty();
    }

    @Test
    void namesTheVariableAndValueThatAreWrong() {
        assertThatThrownBy(() -> AdapterOptions.fromEnvironment(Map.of("PORT", "http")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PORT is not a whole number: 'http'");
        assertThatThrownBy(() -> AdapterOptions.fromEnvironment(Map.of("PORT", "70000")))
                .hasMessageContaining("PORT must be 0..65535: 70000");
        assertThatThrownBy(
                        () ->
                                AdapterOptions.fromEnvironment(
                                        Map.of("FERRY_MAX_REQUEST_BYTES", "0")))
                .hasMessageContaining("FERRY_MAX_REQUEST_BYTES must be 1..");
        assertThatThrownBy(
                        () -> AdapterOptions.fromEnvironment(Map.of("FERRY_MAX_CONCURRENCY", "-1")))
                .hasMessageContaining("FERRY_MAX_CONCURRENCY must be 0 (unbounded) or more: -1");
        assertThatThrownBy(
                        () ->
                                AdapterOptions.fromEnvironment(Map.of())
                                        .loadHandler(getClass().getClassLoader()))
                .hasMessageContaining("set FERRY_FUNCTIONS");
    }
}
