package dev.ferry.examples.greeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.adapters.knative.KnativeFunctionServer;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import dev.ferry.runtime.cli.Main;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start of docs/getting-started.md as a reader follows it: the greeter's functions, {@code
 * ferry run examples/greeter/playground.yaml} in its own JVM (the real command line), and the
 * page's curl commands, each greeting printed as the page shows it. The documented ports are
 * swapped for free ones.
 */
class GettingStartedITCase {
    private static final Path PAGE = Path.of("..", "..", "docs", "getting-started.md");

    @Test
    void curlingTheGreeterPrintsTheGreetingsThePageShows(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(PAGE);
        List<String> curls = lines.stream().filter(line -> line.startsWith("curl ")).toList();
        assertThat(curls).as("the page's curl commands").hasSize(2);
        assertThat(lines).contains("./ferry run examples/greeter/playground.yaml");
        List<String> greetings =
                lines.stream().filter(line -> line.startsWith("greeter/greetings: ")).toList();
        assertThat(greetings).as("the greetings the page shows").hasSize(2);

        int ingressPort = freePort();
        try (KnativeFunctionServer functions =
                        KnativeFunctionServer.builder(
                                        StatefulFunctionsHandler.of(new GreeterFunctions().get()))
                                .host("127.0.0.1")
                                .port(freePort())
                                .start();
                FerryRun run = FerryRun.start(module(dir, functions.port(), ingressPort), dir)) {
            await("the playground ingress listening")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the runtime process ended", () -> !run.process.isAlive())
                    .until(() -> run.output().contains("Playground ingress listening"));

            for (int i = 0; i < curls.size(); i++) {
                String curl = curls.get(i).replace("localhost:8090", "localhost:" + ingressPort);
                assertThat(bash(curl)).as(curl).isEmpty();
                String greeting = greetings.get(i);
                await(greeting)
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .failFast("the runtime process ended", () -> !run.process.isAlive())
                        .until(() -> run.output().lines().anyMatch(greeting::equals));
            }
        }
    }

    /** examples/greeter/playground.yaml with the function URL and ingress port of this test. */
    private static Path module(Path dir, int functionsPort, int ingressPort) throws Exception {
        String text = Files.readString(Path.of("playground.yaml"));
        assertThat(text).contains("127.0.0.1:8000").contains("port: 8090");
        Path module = dir.resolve("playground.yaml");
        Files.writeString(
                module,
                text.replace("127.0.0.1:8000", "127.0.0.1:" + functionsPort)
                        .replace("port: 8090", "port: " + ingressPort));
        return module;
    }

    /** Runs a command line with bash; returns what it printed on standard output. */
    private static String bash(String command) throws Exception {
        Process process =
                new ProcessBuilder("bash", "-c", command)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
            assertThat(process.exitValue()).as("exit code of %s", command).isZero();
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code ferry run} in a child JVM, as the {@code ferry} script starts it. */
    private record FerryRun(Process process, Path outputFile) implements AutoCloseable {
        static FerryRun start(Path module, Path dir) throws Exception {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx768m");
            // Flink needs the same --add-opens as this JVM on JDK 17.
            for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (argument.startsWith("--add-opens")) {
                    command.add(argument);
                }
            }
            command.addAll(
                    List.of(
                            "-cp",
                            System.getProperty("java.class.path"),
                            Main.class.getName(),
                            "run",
                            module.toString(),
                            "--checkpoint-dir",
                            dir.resolve("checkpoints").toString()));
            Path output = dir.resolve("ferry.out");
            Process process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .start();
            return new FerryRun(process, output);
        }

        String output() throws Exception {
            return Files.readString(outputFile, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws Exception {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
