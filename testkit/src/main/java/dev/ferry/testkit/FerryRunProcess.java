package dev.ferry.testkit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code ferry run} in a child JVM, as an operator starts it: the real command line on this JVM's
 * class path with its {@code --add-opens} (Flink needs them on JDK 17) and the runtime's own
 * logging configuration, its output in a file. Tests and the soak kill it with SIGKILL, as an
 * out-of-memory killer or a lost machine would.
 */
public final class FerryRunProcess implements AutoCloseable {
    /** The command line's main class; named, since the test kit does not depend on the runtime. */
    private static final String MAIN = "dev.ferry.runtime.cli.Main";

    /** The runtime's own logging configuration, a resource of its jar. */
    private static final String LOG_CONFIGURATION = "classpath:log4j2.properties";

    private final Process process;
    private final Path output;

    private FerryRunProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code ferry run} with {@code arguments}, the environment extended by {@code env},
     * standard output and error going to {@code output}.
     */
    public static FerryRunProcess start(
            List<String> arguments, Map<String, String> env, Path output) throws IOException {
        return launch(command(arguments), env, output);
    }

    /**
     * As {@link #start(List, Map, Path)}, on a terminal: util-linux {@code script} runs the JVM on
     * a pseudo-terminal, as an operator's shell would, and copies what it shows to {@code output}.
     */
    public static FerryRunProcess startOnTerminal(
            List<String> arguments, Map<String, String> env, Path output) throws IOException {
        String shellCommand =
                command(arguments).stream()
                        .map(word -> "'" + word.replace("'", "'\\''") + "'")
                        .collect(Collectors.joining(" "));
        return launch(
                List.of("script", "--quiet", "--flush", "--command", shellCommand, "/dev/null"),
                env,
                output);
    }

    private static FerryRunProcess launch(
            List<String> command, Map<String, String> env, Path output) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()));
        builder.environment().putAll(env);
        return new FerryRunProcess(builder.start(), output);
    }

    private static List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        // The same --add-opens as this JVM: Flink needs them on JDK 17.
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-opens")) {
                command.add(argument);
            }
        }
        // The launcher's logging, not the tests' log4j2-test.properties on this class path.
        command.add("-Dlog4j2.configurationFile=" + LOG_CONFIGURATION);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN);
        command.add("run");
        command.addAll(arguments);
        return command;
    }

    /** What the process printed so far (standard output and error). */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process with SIGKILL (no shutdown hook runs) and returns its exit code. */
    public int kill() throws InterruptedException {
        // On a terminal the JVM is a child of script: kill it too.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the runtime process survived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
