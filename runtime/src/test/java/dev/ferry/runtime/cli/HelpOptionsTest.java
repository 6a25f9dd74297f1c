package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --help} and {@code --version} work on every command, not only on {@code ferry} itself: a
 * user who asks {@code ferry run --help} gets the usage and exit code 0, not a missing-argument
 * error.
 */
class HelpOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"run", "validate"})
    void helpPrintsTheCommandsUsage(String command) {
        for (String help : new String[] {"--help", "-h"}) {
            CliResult result = CliResult.execute(command, help);
            assertThat(result.exitCode()).as(command + " " + help).isZero();
            assertThat(result.err()).as(command + " " + help).isEmpty();
            assertThat(result.out()).startsWith("Usage: ferry " + command + " ").contains("--help");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "validate"})
    void versionPrintsTheSameVersionAsFerry(String command) {
        CliResult result = CliResult.execute(command, "--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isNotBlank().isEqualTo(CliResult.execute("--version").out());
    }
}
