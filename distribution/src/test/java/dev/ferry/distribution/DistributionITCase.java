package dev.ferry.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.adapters.knative.KnativeFunctionServer;
import dev.ferry.examples.greeter.GreeterFunctions;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary distribution as a user meets it: the tarball the package phase built, unpacked with
 * {@code tar} into a temporary folder, and its {@code bin/ferry} run from there with only a JDK in
 * the environment: {@code validate} on the examples, and a short {@code run} of the greeter (its
 * functions served over loopback by the Knative adapter server in this JVM, its metrics scraped
 * from {@code --metrics-port}) stopped with SIGTERM.
 */
class DistributionITCase {
    private static final String GREETING = "greeter/greetings: Hello ";

    @TempDir static Path folder;
    private static UnpackedDistribution dist;

    private Process process;

    @BeforeAll
    static void unpack() throws Exception {
        dist =
                UnpackedDistribution.unpack(
                        Path.of(System.getProperty("ferry.dist.tarball")),
                        System.getProperty("ferry.dist.name"),
                        folder);
        long bytes = Files.size(Path.of(System.getProperty("ferry.dist.tarball")));
        System.out.printf("distribution tarball: %.1f MB%n", bytes / 1e6);
    }

    @AfterEach
    void stopProcess() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void holdsTheLauncherLibrariesPluginsConfigurationAndExamplesButNoTestArtifacts()
            throws IOException {
        assertThat(dist.resolve("bin/ferry")).isExecutable();
        List<String> lib = fileNames(dist.resolve("lib"));
        assertThat(lib)
                .anyMatch(name -> name.matches("ferry-runtime-[^-]+(-SNAPSHOT)?\\.jar"))
                .anyMatch(name -> name.startsWith("flink-runtime-"))
                .anyMatch(name -> name.startsWith("flink-statebackend-rocksdb-"))
                .anyMatch(name -> name.startsWith("log4j-core-"))
                .anyMatch(name -> name.startsWith("log4j-slf4j2-impl-"))
                // Flink's Prometheus reporter of `ferry run --metrics-port`.
                .anyMatch(name -> name.startsWith("flink-metrics-prometheus-"))
                // Flink's dashboard of `ferry run --web-ui`.
                .anyMatch(name -> name.startsWith("flink-runtime-web-"));
        assertThat(lib).as("test artifacts in lib/").noneMatch(TestArtifacts::isTestArtifact);
        assertThat(fileNames(dist.resolve("plugins/s3-fs-hadoop")))
                .singleElement()
                .asString()
                .startsWith("flink-s3-fs-hadoop-");
        assertThat(fileNames(dist.resolve("plugins/gs-fs-hadoop")))
                .singleElement()
                .asString()
                .startsWith("flink-gs-fs-hadoop-");
        assertThat(dist.resolve("conf/log4j2.properties")).isRegularFile();
        assertThat(Files.readString(dist.resolve("conf/jvm-options")))
                .contains("--add-opens=java.base/java.util=ALL-UNNAMED")
                .doesNotContain("${");
        assertThat(dist.resolve("examples/greeter/module.yaml")).isRegularFile();
        assertThat(dist.resolve("examples/fraud-detection/module.yaml")).isRegularFile();
    }

    @Test
    void validateAcceptsTheExamples() throws Exception {
        Map<String, String> env =
                Map.of(
                        "FRAUD_FUNCTIONS_URL", "http://127.0.0.1:8080",
                        "KAFKA_BROKERS", "127.0.0.1:9092");
        Result result =
                run(
                        dist.ferry(
                                env,
                                "validate",
                                "examples/greeter/module.yaml",
                                "examples/fraud-detection/module.yaml"));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout())
                .contains("examples/greeter/module.yaml: OK (1 endpoint, 1 ingress, 1 egress)")
                .contains("examples/fraud-detection/module.yaml: OK");
    }

    @Test
    void validateReportsEveryProblemWithItsLineAndExitCode2() throws Exception {
        Result result =
                run(dist.ferry(Map.of(), "validate", "examples/fraud-detection/module.yaml"));

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.stderr())
                .contains(
                        "examples/fraud-detection/module.yaml:12:20: environment variable"
                                + " FRAUD_FUNCTIONS_URL is not set");
    }

    @Test
    void refusesAJavaHomeWithoutJava() throws Exception {
        Result result =
                run(
                        dist.ferry(
                                Map.of("JAVA_HOME", folder.resolve("no-jdk").toString()),
                                "validate",
                                "examples/greeter/module.yaml"));

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stderr()).contains("has no bin/java").contains("JDK 17 or newer");
    }

    @Test
    void runsTheGreeterUntilSigterm() throws Exception {
        try (KnativeFunctionServer functions =
                KnativeFunctionServer.builder(
                                StatefulFunctionsHandler.of(new GreeterFunctions().get()))
                        .host("127.0.0.1")
                        .port(0)
                        .start()) {
            Path module = folder.resolve("greeter-" + functions.port() + ".yaml");
            Files.writeString(
                    module,
                    Files.readString(dist.resolve("examples/greeter/module.yaml"))
                            .replace(
                                    "http://127.0.0.1:8000/",
                                    "http://127.0.0.1:" + functions.port() + "/"));
            Path checkpoints = folder.resolve("checkpoints-" + functions.port());
            int metricsPort = freePort();

            long started = System.nanoTime();
            process =
                    dist.ferry(
                                    Map.of(),
                                    "run",
                                    module.toString(),
                                    "--checkpoint-dir",
                                    checkpoints.toString(),
                                    "--metrics-port",
                                    Integer.toString(metricsPort))
                            .start();
            ProcessOutput stdout = ProcessOutput.of(process.getInputStream(), "ferry-stdout");
            ProcessOutput stderr = ProcessOutput.of(process.getErrorStream(), "ferry-stderr");

            await("three greetings on standard output")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(50))
                    .failFast("bin/ferry run ended", () -> !process.isAlive())
                    .until(() -> greetings(stdout).size() >= 3);
            long firstOutput =
                    stdout.lines().stream()
                            .filter(line -> line.text().startsWith(GREETING))
                            .findFirst()
                            .orElseThrow()
                            .nanoTime();
            System.out.printf(
                    "bin/ferry run to the first greeting: %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(firstOutput - started));
            assertThat(stdout.texts())
                    .as("standard output")
                    .anyMatch(line -> line.startsWith("ferry: running 1 endpoint, 1 ingress"));
            assertThat(greetings(stdout))
                    .allMatch(line -> line.matches("greeter/greetings: Hello .+"));
            // conf/log4j2.properties is in effect (Ferry's INFO reaches standard error, two of
            // Flink's loggers that only speak of what an embedded cluster lacks are at ERROR),
            // and bin/ferry pointed the runtime at the distribution's plugins folder.
            assertThat(stderr.text())
                    .as("standard error")
                    .contains("Filesystem plugins from " + dist.resolve("plugins"))
                    .doesNotContain("WebMonitorUtils")
                    .doesNotContain("DefaultDelegationTokenManager");

            // lib/ holds Flink's Prometheus reporter: --metrics-port serves Ferry's metrics.
            await("Ferry's metrics on /metrics")
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .failFast("bin/ferry run ended", () -> !process.isAlive())
                    .until(
                            () -> scrape(metricsPort),
                            metrics ->
                                    metrics.contains(
                                            "flink_taskmanager_job_task_operator_function_in{"));

            // SIGTERM through the handle: Process.destroy() would also close the pipes we read.
            ProcessHandle handle = process.toHandle();
            assertThat(handle.destroy()).as("SIGTERM sent").isTrue();
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("bin/ferry run ends within 60 s of SIGTERM")
                    .isTrue();
            stderr.awaitEnd(5_000);
            // bin/ferry execs the JVM, so SIGTERM reaches it: it ends with 128 + 15.
            assertThat(process.exitValue()).as(stderr.text()).isEqualTo(143);
            assertThat(stderr.text()).contains("ferry: stopped; the last checkpoint is kept");
            assertThat(handle.isAlive()).isFalse();
            assertThat(handle.descendants()).as("processes left behind").isEmpty();
        }
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<String> greetings(ProcessOutput stdout) {
        return stdout.texts().stream().filter(line -> line.startsWith(GREETING)).toList();
    }

    private static List<String> fileNames(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private Result run(ProcessBuilder builder) throws Exception {
        process = builder.start();
        ProcessOutput stdout = ProcessOutput.of(process.getInputStream(), "ferry-stdout");
        ProcessOutput stderr = ProcessOutput.of(process.getErrorStream(), "ferry-stderr");
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            throw new AssertionError(
                    "bin/ferry did not end within 2 minutes; stderr:\n" + stderr.text());
        }
        stdout.awaitEnd(5_000);
        stderr.awaitEnd(5_000);
        return new Result(process.exitValue(), stdout.text(), stderr.text());
    }

    private record Result(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
