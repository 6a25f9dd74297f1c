package dev.ferry.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/running.md shows the settings "the test's cluster runs with" as those a user gives a cluster
 * for Ferry's job: they must be the settings {@link FlinkProcessCluster} starts its cluster with,
 * key for key ({@code file:///...} standing for its own folders).
 */
class ClusterSettingsDocTest {
    private static final Path PAGE = Path.of("..", "docs", "running.md");
    private static final String INTRODUCTION = "the test's cluster runs with:";

    @Test
    void thePageShowsTheSettingsOfTheTestCluster(@org.junit.jupiter.api.io.TempDir Path root)
            throws Exception {
        Map<String, String> documented = documentedSettings();
        Map<String, String> actual = FlinkProcessCluster.jobSettings(root);

        assertThat(documented.keySet()).containsExactlyElementsOf(actual.keySet());
        documented.forEach(
                (key, value) -> {
                    if (value.equals("file:///...")) {
                        assertThat(actual.get(key)).as(key).startsWith("file:///");
                    } else {
                        assertThat(actual.get(key)).as(key).isEqualTo(value);
                    }
                });
    }

    /** The {@code key: value} lines of the YAML block after the introduction, comments cut. */
    private static Map<String, String> documentedSettings() throws Exception {
        List<String> lines = Files.readAllLines(PAGE);
        int at = 0;
        while (!lines.get(at).contains(INTRODUCTION)) {
            at++;
        }
        while (!lines.get(at).equals("```yaml")) {
            at++;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line = lines.get(++at); !line.equals("```"); line = lines.get(++at)) {
            String setting = line.replaceFirst("\\s+#.*$", "");
            int colon = setting.indexOf(": ");
            settings.put(setting.substring(0, colon).strip(), setting.substring(colon + 2).strip());
        }
        return settings;
    }
}
