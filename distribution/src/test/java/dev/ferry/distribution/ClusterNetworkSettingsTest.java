package dev.ferry.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.runtime.embedded.FlinkSettings;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

/**
 * The TaskManager network settings {@code ferry run} gives its embedded cluster ({@link
 * FlinkSettings#network()}) are the ones a cluster is told to set: in the Kubernetes example's
 * {@code flinkConfiguration} and in the table of {@code docs/running-on-a-cluster.md}, the same
 * keys with the same values (compared as Flink reads them, so {@code 4kb} and {@code 4 kb} agree).
 */
class ClusterNetworkSettingsTest {
    private static final Path ROOT =
            Path.of(System.getProperty("ferry.project.root")).toAbsolutePath().normalize();
    private static final Path DEPLOYMENT =
            ROOT.resolve("examples/kubernetes/flink-deployment.yaml");
    private static final Path CLUSTER_DOC = ROOT.resolve("docs/running-on-a-cluster.md");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void theKubernetesExampleSetsWhatFerryRunSets() throws IOException {
        JsonObject conf =
                YamlDocuments.single(DEPLOYMENT)
                        .getJsonObject("spec")
                        .getJsonObject("flinkConfiguration");
        Map<String, String> settings = new LinkedHashMap<>();
        conf.forEach(entry -> settings.put(entry.getKey(), String.valueOf(entry.getValue())));

        assertThat(differences(settings))
                .as("spec.flinkConfiguration of %s against FlinkSettings.network()", DEPLOYMENT)
                .isEmpty();
    }

    @Test
    void theClusterDocsTableSetsWhatFerryRunSets() throws IOException {
        assertThat(differences(tableSettings(CLUSTER_DOC)))
                .as("the settings table of %s against FlinkSettings.network()", CLUSTER_DOC)
                .isEmpty();
    }

    /** Each key of {@code network()} that {@code settings} lacks or gives another value. */
    private static List<String> differences(Map<String, String> settings) {
        Configuration expected = FlinkSettings.network();
        Configuration actual = Configuration.fromMap(settings);
        List<String> differences = new ArrayList<>();
        for (String key : expected.keySet()) {
            ConfigOption<?> option = option(key);
            Object want = expected.get(option);
            if (!settings.containsKey(key)) {
                differences.add(key + ": missing, expected " + want);
            } else if (!want.equals(read(actual, option))) {
                differences.add(key + ": " + settings.get(key) + ", expected " + want);
            }
        }
        for (String key : settings.keySet()) {
            if (isNetworkKey(key) && !expected.containsKey(key)) {
                differences.add(key + ": set to " + settings.get(key) + ", not set by network()");
            }
        }
        return differences;
    }

    /** The value as Flink reads it, or null when Flink cannot read it. */
    private static Object read(Configuration conf, ConfigOption<?> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
    }

    private static boolean isNetworkKey(String key) {
        return key.startsWith("taskmanager.network.")
                || key.equals(TaskManagerOptions.MEMORY_SEGMENT_SIZE.key());
    }

    /**
     * The {@code | `key` | `value` | why |} rows of a markdown table; a row may name several keys
     * and as many values, in the same order.
     */
    private static Map<String, String> tableSettings(Path doc) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(doc)) {
            String[] cells = line.split("\\|");
            if (!line.startsWith("|") || cells.length < 3) {
                continue;
            }
            List<String> keys = code(cells[1]);
            List<String> values = code(cells[2]);
            if (keys.size() == values.size()) {
                for (int i = 0; i < keys.size(); i++) {
                    settings.put(keys.get(i), values.get(i));
                }
            } else if (keys.stream().anyMatch(ClusterNetworkSettingsTest::isNetworkKey)) {
                throw new AssertionError(
                        doc
                                + ": a row names "
                                + keys.size()
                                + " keys and "
                                + values.size()
                                + " values; expected one value per key: "
                                + line);
            }
        }
        return settings;
    }

    private static List<String> code(String cell) {
        List<String> spans = new ArrayList<>();
        Matcher matcher = CODE.matcher(cell);
        while (matcher.find()) {
            spans.add(matcher.group(1).trim());
        }
        return spans;
    }

    /** The Flink option of {@code key}, for reading a value as Flink does. */
    private static ConfigOption<?> option(String key) {
        for (Class<?> holder :
                List.of(TaskManagerOptions.class, NettyShuffleEnvironmentOptions.class)) {
            for (Field field : holder.getFields()) {
                try {
                    if (Modifier.isStatic(field.getModifiers())
                            && field.get(null) instanceof ConfigOption<?> option
                            && option.key().equals(key)) {
                        return option;
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new AssertionError(
                "FlinkSettings.network() sets "
                        + key
                        + ", which neither TaskManagerOptions nor NettyShuffleEnvironmentOptions"
                        + " declares: add the class that does to this test");
    }
}
