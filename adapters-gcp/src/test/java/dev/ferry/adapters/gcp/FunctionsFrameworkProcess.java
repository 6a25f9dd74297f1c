package dev.ferry.adapters.gcp;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A function run as Cloud Functions runs it: {@code java -jar java-function-invoker.jar --classpath
 * ... --target ... --port ...} in a child process on a free port of 127.0.0.1 (the invoker binds
 * every interface). Ready once the function answers at all; destroyed on {@link #close}.
 */
public final class FunctionsFrameworkProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;
    private final Duration startup;

    private FunctionsFrameworkProcess(Process process, int port, Path log, Duration startup) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startup = startup;
    }

    /**
     * Starts {@code target} with a class path made of the entries of this JVM's class path that
     * contain one of {@code classPathMarkers} (e.g. {@code "target/test-classes"}, {@code
     * "protobuf-java"}).
     */
    public static FunctionsFrameworkProcess start(
            String target, List<String> classPathMarkers, String... environment) throws Exception {
        List<String> entries =
                Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .filter(entry -> classPathMarkers.stream().anyMatch(entry::contains))
                        .filter(entry -> !entry.contains("java-function-invoker"))
                        .collect(Collectors.toList());
        int port = freePort();
        Path log = Files.createTempFile("functions-framework-", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-jar");
        command.add(invokerJar());
        command.add("--classpath");
        command.add(String.join(File.pathSeparator, entries));
        command.add("--target");
        command.add(target);
        command.add("--port");
        command.add(Integer.toString(port));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        for (int i = 0; i + 1 < environment.length; i += 2) {
            builder.environment().put(environment[i], environment[i + 1]);
        }
        long started = System.nanoTime();
        Process process = builder.start();
        FunctionsFrameworkProcess running =
                awaitReady(process, port, log, started, Duration.ofSeconds(30));
        return running;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    public int port() {
        return port;
    }

    /** From process start to the first answer. */
    public Duration startup() {
        return startup;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static FunctionsFrameworkProcess awaitReady(
            Process process, int port, Path log, long started, Duration timeout) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest probe =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(2))
                        .build();
        try {
            Awaitility.await()
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(25))
                    .until(() -> answers(client, probe, process));
        } catch (ConditionTimeoutException e) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(
                    "the Functions Framework did not answer within "
                            + timeout
                            + ": "
                            + Files.readString(log),
                    e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "the Functions Framework exited with "
                            + process.exitValue()
                            + ": "
                            + Files.readString(log));
        }
        return new FunctionsFrameworkProcess(
                process, port, log, Duration.ofNanos(System.nanoTime() - started));
    }

    /** True once the server answers anything, or once the process is gone. */
    private static boolean answers(HttpClient client, HttpRequest probe, Process process)
            throws InterruptedException {
        if (!process.isAlive()) {
            return true;
        }
        try {
            client.send(probe, HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * The invoker jar: on the class path when the tests depend on it, else where the build of this
     * module put it (the runtime's tests keep its unrelocated Jetty and Jackson off their class
     * path).
     */
    private static String invokerJar() throws IOException {
        var onClassPath =
                Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .filter(entry -> entry.contains("java-function-invoker"))
                        .findFirst();
        if (onClassPath.isPresent()) {
            return onClassPath.get();
        }
        Properties properties = new Properties();
        try (InputStream in =
                FunctionsFrameworkProcess.class.getResourceAsStream(
                        "/ferry-gcf-invoker.properties")) {
            if (in == null) {
                throw new IllegalStateException("ferry-gcf-invoker.properties is missing");
            }
            properties.load(in);
        }
        Path jar = Path.of(properties.getProperty("jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "java-function-invoker is neither on the class path nor at " + jar);
        }
        return jar.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }
}
