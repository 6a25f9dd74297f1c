package dev.ferry.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/**
 * The options table in the docs is the one {@link FerryOptions} renders. With {@code
 * -Dferry.docs.update=true} the test writes the table into the docs instead of failing.
 */
class OptionsTableTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void theDocsHoldTheTableOfTheOptionsClass() throws Exception {
        String document = Files.readString(DOC, StandardCharsets.UTF_8);
        String expected =
                OptionsTable.fill(
                        document, OptionsTable.render(FerryOptions.all()), DOC.toString());
        if (Boolean.getBoolean("ferry.docs.update")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
            document = expected;
        }
        assertThat(document)
                .as(
                        "docs/configuration.md differs from FerryOptions; regenerate the table:"
                                + " ./mvnw -B -q -pl runtime -am test -Dtest=OptionsTableTest"
                                + " -Dsurefire.failIfNoSpecifiedTests=false -Dferry.docs.update=true")
                .isEqualTo(expected);
    }

    @Test
    void everyOptionHasADefaultAndADescription() {
        List<ConfigOption<?>> options = FerryOptions.all();
        assertThat(options).hasSizeGreaterThan(5);
        assertThat(options)
                .allSatisfy(
                        option -> {
                            assertThat(option.hasDefaultValue()).as(option.key()).isTrue();
                            assertThat(option.description().getBlocks())
                                    .as(option.key())
                                    .isNotEmpty();
                        });
    }

    @Test
    void aRowShowsKeyTypeDefaultAndMeaning() {
        assertThat(OptionsTable.render(List.of(FerryOptions.PREFLIGHT_TIMEOUT)))
                .contains("| `ferry.preflight.timeout` | Duration | `1 min` | ferry run: how long");
        assertThat(OptionsTable.render(List.of(FerryOptions.FEEDBACK_MEMORY_BUDGET)))
                .contains("| `ferry.feedback.memory-budget` | MemorySize | `64 mb` |");
    }

    @Test
    void aDocumentWithoutTheMarkersIsRefusedNamingThem() {
        assertThatThrownBy(() -> OptionsTable.fill("# nothing", "", "x.md"))
                .hasMessageContaining("x.md has no")
                .hasMessageContaining(OptionsTable.BEGIN);
    }
}
