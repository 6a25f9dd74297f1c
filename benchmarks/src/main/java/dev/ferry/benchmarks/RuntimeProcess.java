package dev.ferry.benchmarks;

import dev.ferry.runtime.cli.Main;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ferry run} in a child JVM, as an operator starts it: the real command line on this JVM's
 * class path with this JVM's {@code --add-opens}, its output appended to a file. The soak kills it
 * with SIGKILL, as an out-of-memory killer or a lost machine would.
 */
final class RuntimeProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private RuntimeProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code ferry run <arguments>}; standard output and error go to {@code output}. */
    static RuntimeProcess start(List<String> arguments, Path output) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-opens")) {
                command.add(argument); // Flink needs them on JDK 17
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("run");
        command.addAll(arguments);
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()))
                        .start();
        return new RuntimeProcess(process, output);
    }

    /** What the process printed so far (standard output and error). */
    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e + ")";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process with SIGKILL (no shutdown hook runs) and returns its exit code. */
    int kill() throws InterruptedException {
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
