package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ferry} script decides before every command whether to build the runtime
 * first. Run here from a copy in a folder laid out like the repository, with a {@code mvnw} that
 * only records that it was called and a {@code java} that only says it ran: it builds when a main
 * source or a build file changed since the last build, and not for a README or a test, nor again
 * after a build that left the jar as it was (Maven does not rewrite a jar whose content is the
 * same).
 */
class FerryScriptTest {
    private static final Path SCRIPT = Path.of("..", "ferry");
    private static final Instant SOURCES_TIME = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant JAR_TIME = SOURCES_TIME.plusSeconds(60);

    @TempDir Path root;
    private Path builds;

    @BeforeEach
    void layOutARepositoryWithABuiltRuntime() throws IOException {
        Path script = root.resolve("ferry");
        Files.copy(SCRIPT, script);
        executable(script);
        for (String file :
                List.of(
                        "pom.xml",
                        "examples/pom.xml",
                        "protocol/pom.xml",
                        "protocol/src/main/proto/protocol.proto",
                        "invokers/pom.xml",
                        "invokers/src/main/java/Invoker.java",
                        "runtime/pom.xml",
                        "runtime/README.md",
                        "runtime/src/main/java/Runtime.java",
                        "runtime/src/test/java/RuntimeTest.java")) {
            write(root.resolve(file), "", SOURCES_TIME);
        }
        Path jar = root.resolve("runtime/target/ferry-runtime-0.1.0.jar");
        write(jar, "PK", JAR_TIME);
        write(root.resolve("runtime/target/classpath.txt"), jar.toString(), JAR_TIME);
        write(root.resolve("runtime/target/jvm-options"), "# none\n", JAR_TIME);

        builds = root.resolve("mvnw-calls");
        Path mvnw = root.resolve("mvnw");
        Files.writeString(mvnw, "#!/usr/bin/env bash\necho \"$*\" >> \"" + builds + "\"\n");
        executable(mvnw);
        Path java = Files.createDirectories(root.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\necho \"java ran\"\n");
        executable(java);
    }

    @Test
    void runsWithoutBuildingWhenNothingChangedSinceTheJar() throws Exception {
        assertThat(runFerry()).contains("java ran").doesNotContain("building");
        assertThat(buildCount()).isZero();
    }

    @Test
    void aChangedReadmeOrTestDoesNotBuild() throws Exception {
        touch("runtime/README.md", JAR_TIME.plusSeconds(60));
        touch("runtime/src/test/java/RuntimeTest.java", JAR_TIME.plusSeconds(60));

        assertThat(runFerry()).contains("java ran");
        assertThat(buildCount()).isZero();
    }

    @Test
    void aChangedMainSourceBuildsOnceEvenWhenTheJarStaysAsItWas() throws Exception {
        touch("invokers/src/main/java/Invoker.java", JAR_TIME.plusSeconds(60));

        String first = runFerry();
        String second = runFerry();

        assertThat(first).contains("building the runtime", "java ran");
        assertThat(second).contains("java ran").doesNotContain("building");
        assertThat(buildCount()).isEqualTo(1);
        assertThat(Files.readAllLines(builds).get(0)).contains("-pl runtime -am install");
    }

    @Test
    void aChangedBuildFileBuildsAgainAfterAnEarlierBuild() throws Exception {
        touch("runtime/src/main/java/Runtime.java", JAR_TIME.plusSeconds(60));
        runFerry();
        // Later than the build just made.
        touch("protocol/pom.xml", Instant.now().plusSeconds(60));

        assertThat(runFerry()).contains("building the runtime");
        assertThat(buildCount()).isEqualTo(2);
    }

    @Test
    void aJarOfTheClassPathCleanedAwayBuilds() throws Exception {
        write(
                root.resolve("runtime/target/classpath.txt"),
                root.resolve("protocol/target/ferry-protocol-0.1.0.jar").toString(),
                JAR_TIME);

        assertThat(runFerry()).contains("building the runtime");
        assertThat(buildCount()).isEqualTo(1);
    }

    private String runFerry() throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder("bash", root.resolve("ferry").toString(), "--version")
                        .redirectErrorStream(true);
        builder.environment()
                .put("PATH", root.resolve("bin") + ":" + builder.environment().get("PATH"));
        builder.environment().remove("FERRY_PLUGINS_DIR");
        Process ferry = builder.start();
        String output = new String(ferry.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ferry.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ferry.exitValue()).as(output).isZero();
        return output;
    }

    private long buildCount() throws IOException {
        return Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
    }

    private void touch(String file, Instant time) throws IOException {
        Files.setLastModifiedTime(root.resolve(file), FileTime.from(time));
    }

    private static void write(Path file, String content, Instant time) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(time));
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
