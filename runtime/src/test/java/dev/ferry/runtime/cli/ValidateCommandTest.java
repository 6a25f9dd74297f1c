package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.runtime.module.ExampleModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code ferry validate} over the module files under {@code modules/valid} (each accepted) and
 * {@code modules/invalid}, where each file lists on its first lines, as {@code # expect:
 * LINE:COLUMN: message}, exactly the problems it must produce.
 */
class ValidateCommandTest {

    private static CliResult validate(String... args) {
        return CliResult.execute(
                Stream.concat(Stream.of("validate"), Stream.of(args)).toArray(String[]::new));
    }

    static Stream<Path> validFiles() throws Exception {
        return ExampleModules.list("valid");
    }

    static Stream<Path> invalidFiles() throws Exception {
        return ExampleModules.list("invalid");
    }

    @ParameterizedTest
    @MethodSource("validFiles")
    void acceptsValidModules(Path file) {
        CliResult result = validate(file.toString());
        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .startsWith(file + ": OK (")
                .contains("endpoint")
                .contains("ingress");
    }

    @ParameterizedTest
    @MethodSource("invalidFiles")
    void reportsEveryProblemWithFileLineAndColumn(Path file) throws IOException {
        List<String> expected =
                Files.readAllLines(file).stream()
                        .filter(line -> line.startsWith("# expect: "))
                        .map(line -> file + ":" + line.substring("# expect: ".length()))
                        .toList();
        assertThat(expected).as("expectations in %s", file.getFileName()).isNotEmpty();

        CliResult result = validate(file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines().toList()).containsExactlyElementsOf(expected);
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void thereAreAtLeastTwentyBrokenFiles() throws Exception {
        assertThat(invalidFiles().count()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void validatesSeveralFilesAndFailsIfAnyIsInvalid() throws Exception {
        Path valid = validFiles().findFirst().orElseThrow();
        Path invalid = invalidFiles().findFirst().orElseThrow();
        CliResult result = validate(valid.toString(), invalid.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).contains(valid + ": OK");
        assertThat(result.err()).startsWith(invalid + ":");
    }

    @Test
    void aMissingFileIsAProblemNotAStackTrace() {
        CliResult result = validate("/no/such/module.yaml");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().trim())
                .isEqualTo(
                        "/no/such/module.yaml:1:1: the file does not exist; a readable YAML module file");
    }

    @Test
    void noFileIsAUsageError() {
        CliResult result = validate();
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required parameter");
    }
}
