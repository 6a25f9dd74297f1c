package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code --help} and {@code --version} work on every command, not only on {@code ferry} itself: a
 * user who asks {@code ferry run --help} gets the usage and exit code 0, not a missing-argument
 * error.
 */
class HelpOptionsTest {

    private record Result(int exitCode, String out, String err) {}

    private static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = FerryCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "validate"})
    void helpPrintsTheCommandsUsage(String command) {
        for (String help : new String[] {"--help", "-h"}) {
            Result result = execute(command, help);
            assertThat(result.exitCode()).as(command + " " + help).isZero();
            assertThat(result.err()).as(command + " " + help).isEmpty();
            assertThat(result.out()).startsWith("Usage: ferry " + command + " ").contains("--help");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "validate"})
    void versionPrintsTheSameVersionAsFerry(String command) {
        Result result = execute(command, "--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isNotBlank().isEqualTo(execute("--version").out());
    }
}
