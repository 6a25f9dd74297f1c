package dev.ferry.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository's {@code Dockerfile}, checked without a container engine (none runs here): the
 * official Flink image at Ferry's Flink minor version and Java release, the application jar the
 * build produces copied into {@code usrlib/} (and let through {@code .dockerignore}), and the S3
 * plugin copied from the image's {@code opt/} into {@code plugins/}.
 */
class DockerfileTest {
    private static final Path ROOT = Path.of(System.getProperty("ferry.project.root"));
    private static final String VERSION = System.getProperty("ferry.version");

    private static List<Instruction> instructions;

    /** One instruction: its keyword and its arguments, continuation lines joined. */
    record Instruction(String keyword, String arguments) {}

    /** The application jar's name, as the runtime's build names it. */
    static String applicationJar() {
        return "ferry-runtime-" + VERSION + "-flink.jar";
    }

    @BeforeAll
    static void parse() throws IOException {
        instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
            String stripped = line.strip();
            if (current.isEmpty() && (stripped.isEmpty() || stripped.startsWith("#"))) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(stripped);
            String[] parts = current.toString().split("\\s+", 2);
            instructions.add(new Instruction(parts[0].toUpperCase(), parts[1]));
            current.setLength(0);
        }
    }

    @Test
    void startsFromTheOfficialFlinkImageOfFerrysFlinkMinorAndJavaRelease() {
        String[] flink = System.getProperty("ferry.flink.version").split("\\.");

        assertThat(only("FROM")).isEqualTo("flink:" + flink[0] + "." + flink[1] + "-java17");
    }

    @Test
    void copiesTheApplicationJarTheBuildProducesIntoUsrlib() throws IOException {
        String copy = expandArgs(only("COPY"));
        String[] parts = copy.replaceFirst("^--chown=\\S+\\s+", "").split("\\s+");

        assertThat(parts).hasSize(2);
        assertThat(parts[0]).isEqualTo("runtime/target/" + applicationJar());
        assertThat(parts[1]).isEqualTo("/opt/flink/usrlib/" + applicationJar());
        assertThat(dockerIgnoreLetsThrough(parts[0])).as(".dockerignore lets the jar in").isTrue();
    }

    @Test
    void enablesTheS3PluginFromTheImagesOptFolder() {
        assertThat(only("RUN"))
                .contains("mkdir -p /opt/flink/plugins/s3-fs-hadoop")
                .contains(
                        "cp /opt/flink/opt/flink-s3-fs-hadoop-*.jar /opt/flink/plugins/s3-fs-hadoop/");
    }

    private static String only(String keyword) {
        List<String> found =
                instructions.stream()
                        .filter(instruction -> instruction.keyword().equals(keyword))
                        .map(Instruction::arguments)
                        .toList();
        assertThat(found).as("%s instructions in the Dockerfile", keyword).hasSize(1);
        return found.get(0);
    }

    /** Replaces {@code ${NAME}} by the default of {@code ARG NAME=default}. */
    private static String expandArgs(String text) {
        String expanded = text;
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("ARG") && instruction.arguments().contains("=")) {
                String[] arg = instruction.arguments().split("=", 2);
                expanded = expanded.replace("${" + arg[0] + "}", arg[1]);
            }
        }
        assertThat(expanded).as("every ${...} has an ARG default").doesNotContain("${");
        return expanded;
    }

    /** Docker's rule: the last pattern matching a path decides; a leading ! lets it through. */
    private static boolean dockerIgnoreLetsThrough(String path) throws IOException {
        Optional<Boolean> decision = Optional.empty();
        for (String line : Files.readAllLines(ROOT.resolve(".dockerignore"))) {
            String pattern = line.strip();
            if (pattern.isEmpty() || pattern.startsWith("#")) {
                continue;
            }
            boolean exception = pattern.startsWith("!");
            String glob = exception ? pattern.substring(1) : pattern;
            if (FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(path))
                    || glob.equals("*")) {
                decision = Optional.of(exception);
            }
        }
        return decision.orElse(true);
    }
}
