package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.runtime.embedded.PrometheusSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ferry run --metrics-port N} and the settings docs/metrics.md gives for {@code
 * --flink-conf} ask Flink for the same reporter: the Flink settings {@code ferry run} hands the
 * MiniCluster are equal either way. {@code PrometheusMetricsITCase} scrapes a job run with them.
 */
class MetricsPortOptionTest {
    private static final Path METRICS_DOC = Path.of("..", "docs", "metrics.md");

    private static RunCommand parse(String... args) {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run;
    }

    @Test
    void theDocumentedFlinkConfSettingsAreWhatMetricsPortSets(@TempDir Path dir)
            throws IOException {
        List<String> block = firstYamlBlockAfter("## Enabling Prometheus");
        Path flinkConf = Files.write(dir.resolve("flink-conf.yaml"), block);

        Map<String, String> fromFile =
                parse("--flink-conf", flinkConf.toString(), "module.yaml").flinkSettings();
        Map<String, String> fromOption =
                parse("--metrics-port", "9249", "module.yaml").flinkSettings();

        assertThat(fromFile)
                .as("ferry run --flink-conf with the block of %s", METRICS_DOC)
                .isEqualTo(fromOption)
                .containsAllEntriesOf(PrometheusSettings.of(9249));
    }

    @Test
    void theOptionWinsOverTheFileForTheSameKeys(@TempDir Path dir) throws IOException {
        Path flinkConf =
                Files.writeString(
                        dir.resolve("flink-conf.yaml"),
                        "metrics.reporter.prom.port: 9249\nstate.backend.type: hashmap\n");

        Map<String, String> settings =
                parse("--flink-conf", flinkConf.toString(), "--metrics-port", "9300", "m.yaml")
                        .flinkSettings();

        assertThat(settings)
                .containsEntry("metrics.reporter.prom.port", "9300")
                .containsEntry("state.backend.type", "hashmap");
    }

    /** The lines of the first {@code ```yaml} block after the line {@code heading}. */
    private static List<String> firstYamlBlockAfter(String heading) throws IOException {
        List<String> lines = Files.readAllLines(METRICS_DOC);
        int start = lines.indexOf(heading);
        assertThat(start).as("%s in %s", heading, METRICS_DOC).isNotNegative();
        int open = start;
        while (!lines.get(open).equals("```yaml")) {
            open++;
        }
        int close = open + 1;
        while (!lines.get(close).equals("```")) {
            close++;
        }
        List<String> block = lines.subList(open + 1, close);
        assertThat(block.stream().collect(Collectors.joining("\n"))).contains("metrics.reporter");
        return block;
    }
}
