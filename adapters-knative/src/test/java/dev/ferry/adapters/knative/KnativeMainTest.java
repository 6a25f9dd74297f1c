package dev.ferry.adapters.knative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.conformance.ConformanceFunctions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How KnativeMain reads its class and environment. */
class KnativeMainTest {

    @Test
    void needsAFunctionsClass() {
        assertThatThrownBy(() -> KnativeMain.start(new String[0], Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FERRY_FUNCTIONS");
    }

    @Test
    void namesABadNumber() {
        assertThatThrownBy(
                        () ->
                                KnativeMain.start(
                                        new String[0],
                                        Map.of(
                                                "FERRY_FUNCTIONS",
                                                ConformanceFunctions.class.getName(),
                                                "FERRY_MAX_CONCURRENCY",
                                                "ten")))
                .hasMessageContaining("FERRY_MAX_CONCURRENCY is not a whole number: 'ten'");
        assertThatThrownBy(
                        () ->
                                KnativeMain.start(
                                        new String[] {ConformanceFunctions.class.getName()},
                                        Map.of("PORT", "http")))
                .hasMessageContaining("PORT is not a whole number: 'http'");
    }

    @Test
    void startsFromTheEnvironment() throws Exception {
        KnativeFunctionServer server =
                KnativeMain.start(
                        new String[0],
                        Map.of(
                                "FERRY_FUNCTIONS", ConformanceFunctions.class.getName(),
                                "PORT", "0",
                                "FERRY_HOST", "127.0.0.1",
                                "FERRY_EVENT_LOOPS", "1"));
        try {
            assertThat(server.port()).isPositive();
            assertThat(server.host()).isEqualTo("127.0.0.1");
        } finally {
            server.drain(Duration.ofSeconds(1));
        }
    }
}
