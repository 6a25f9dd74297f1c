package dev.ferry.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the repository's {@code ./ferry} launcher runs with, as the build writes it: the class path
 * of the runtime ({@code ferry run}, {@code ferry validate}) and of the demo ({@code ferry demo})
 * hold no test library, and none of their jars brings a {@code log4j2-test.*} file (Flink's test
 * jars bring one that turns all logging off, and log4j prefers it over any other configuration).
 */
class LauncherClassPathTest {
    private static final Path ROOT = Path.of(System.getProperty("ferry.project.root"));

    @ParameterizedTest
    @ValueSource(strings = {"runtime", "examples/fraud-demo"})
    void holdsNoTestLibrary(String module) throws IOException {
        List<Path> classPath = classPath(module);

        assertThat(classPath)
                .as(module + "/target/classpath.txt")
                .anyMatch(jar -> jar.getFileName().toString().startsWith("flink-runtime-"))
                .anyMatch(jar -> jar.getFileName().toString().startsWith("log4j-slf4j2-impl-"))
                .noneMatch(jar -> TestArtifacts.isTestArtifact(jar.getFileName().toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"runtime", "examples/fraud-demo"})
    void bringsNoTestLoggingConfiguration(String module) throws IOException {
        for (Path jar : classPath(module)) {
            if (!Files.isRegularFile(jar)) {
                continue; // a folder of classes of a module built in the same reactor
            }
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                assertThat(zip.stream().map(entry -> entry.getName()))
                        .as(jar + " on the class path of " + module)
                        .noneMatch(name -> name.startsWith("log4j2-test."));
            }
        }
    }

    @Test
    void passesTheParentPomsJvmOptionsWithoutReadingThePom() throws IOException {
        String jvmOptions = Files.readString(ROOT.resolve("runtime/target/jvm-options"));
        assertThat(jvmOptions).contains(System.getProperty("ferry.flink.add-opens"));

        List<String> launcher = Files.readAllLines(ROOT.resolve("ferry"));
        assertThat(launcher)
                .as("./ferry")
                .anyMatch(line -> line.contains("runtime/target/jvm-options"))
                .noneMatch(line -> line.contains("pom.xml") && line.contains("sed"));
    }

    private static List<Path> classPath(String module) throws IOException {
        Path file = ROOT.resolve(module).resolve("target/classpath.txt");
        assertThat(file)
                .as(
                        "the build writes the launcher's class path (generate-resources of "
                                + module
                                + ")")
                .isRegularFile();
        return Arrays.stream(Files.readString(file).strip().split(":"))
                .filter(entry -> !entry.isEmpty())
                .map(Path::of)
                .toList();
    }
}
