package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ferry run --web-ui [PORT]}: how it parses and the REST endpoint it asks for. */
class WebUiOptionTest {

    private static RunCommand parse(String... args) {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run;
    }

    @Test
    void withoutAPortTheOptionAsksForAFreeOne() {
        RunCommand run = parse("--web-ui", "module.yaml");
        assertThat(run.webUiPort).isZero();
        assertThat(run.modules).containsExactly(Path.of("module.yaml"));
        assertThat(parse("module.yaml", "--web-ui").webUiPort).isZero();
    }

    @Test
    void aGivenPortWinsOverTheFlinkSettings() {
        RunCommand run = parse("--web-ui", "8089", "module.yaml");
        assertThat(run.webUiPort).isEqualTo(8089);
        assertThat(LocalRestEndpoint.of(Map.of("rest.port", "9000"), run.webUiPort).url())
                .isEqualTo("http://127.0.0.1:8089/");
    }

    @Test
    void withoutAGivenPortTheFlinkSettingsOrAFreePortApply() {
        assertThat(LocalRestEndpoint.of(Map.of("rest.port", "9000"), 0).port()).isEqualTo(9000);
        assertThat(LocalRestEndpoint.of(Map.of(), null).port()).isPositive();
    }

    @Test
    void aPortOutOfRangeIsRefusedWithTheAcceptedRange() {
        assertThatThrownBy(() -> LocalRestEndpoint.of(Map.of(), 70000))
                .hasMessage(
                        "--web-ui 70000 is not a port; use 1 to 65535, or the option alone for a free port");
    }
}
