package dev.ferry.adapters.gcp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.testing.CounterFunctions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generic entry point refuses a configuration it cannot serve, naming what is wrong. */
class FunctionsHttpFunctionTest {
    public static final class NotAHandler {}

    @Test
    void explainsWhatIsWrong() {
        assertThatThrownBy(() -> new FunctionsHttpFunction(Map.of()))
                .hasMessageContaining("set FERRY_FUNCTIONS");
        assertThatThrownBy(
                        () ->
                                new FunctionsHttpFunction(
                                        Map.of("FERRY_FUNCTIONS", "com.example.Missing")))
                .hasMessageContaining("com.example.Missing is not on the class path");
        assertThatThrownBy(
                        () ->
                                new FunctionsHttpFunction(
                                        Map.of("FERRY_FUNCTIONS", NotAHandler.class.getName())))
                .hasMessageContaining("is not a RemoteHandler");
        assertThatThrownBy(
                        () ->
                                new FunctionsHttpFunction(
                                        Map.of(
                                                "FERRY_FUNCTIONS",
                                                CounterFunctions.class.getName(),
                                                "FERRY_MAX_REQUEST_BYTES",
                                                "32MB")))
                .hasMessageContaining("FERRY_MAX_REQUEST_BYTES is not a whole number: '32MB'");
    }
}
