package dev.ferry.benchmarks;

import dev.ferry.runtime.module.AddressBatching;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs {@link BenchmarkRun#floodThenPace} in a new JVM with a new function server ({@link
 * FloodThenPaceMain}), so that every measured run of Ferry starts as cold as every run of
 * StateFun's peer: no JIT-compiled code, warmed connection or cache carried over from an earlier
 * run. The child gets this JVM's options (heap, {@code --add-opens}, {@code -D} settings such as
 * {@code ferry.bench.trace}), except a flight recording or agent, which would write to the same
 * files; what the child prints passes through, its result comes back as a {@link
 * BenchmarkRun.Result}.
 */
final class FreshJvmRun {
    /** The line that carries the child's result. */
    static final String RESULT_PREFIX = "RESULT ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private FreshJvmRun() {}

    static BenchmarkRun.Result floodThenPace(
            Workload workload, int flood, long rate, int seconds, int keys)
            throws IOException, InterruptedException {
        return floodThenPace(workload, flood, rate, seconds, keys, null);
    }

    /**
     * As {@link #floodThenPace(Workload, int, long, int, int)}; with {@code batching} not null the
     * functions are served by Ferry's Knative adapter server with address batching on.
     */
    static BenchmarkRun.Result floodThenPace(
            Workload workload,
            int flood,
            long rate,
            int seconds,
            int keys,
            AddressBatching batching)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(childJvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FloodThenPaceMain.class.getName());
        command.add(workload.name());
        command.add(Integer.toString(flood));
        command.add(Long.toString(rate));
        command.add(Integer.toString(seconds));
        command.add(Integer.toString(keys));
        if (batching != null) {
            command.add(Integer.toString(batching.maxRequestsInFlight()));
        }
        Process child =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BenchmarkRun.Result result = null;
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(RESULT_PREFIX)) {
                    result = decode(line);
                } else {
                    System.out.println(line);
                }
            }
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        int exit = child.waitFor();
        if (result == null) {
            throw new IOException(
                    String.format(
                            "the %s run at %d msg/s in its own JVM ended with exit status %d and"
                                    + " no result (its output is above)",
                            workload.label(), rate, exit));
        }
        return result;
    }

    /** This JVM's options for a child: all but those that would write to this JVM's files. */
    static List<String> childJvmOptions(List<String> options) {
        List<String> kept = new ArrayList<>();
        for (String option : options) {
            if (!option.startsWith("-XX:StartFlightRecording")
                    && !option.startsWith("-XX:FlightRecorderOptions")
                    && !option.startsWith("-agentlib:")
                    && !option.startsWith("-agentpath:")
                    && !option.startsWith("-javaagent:")) {
                kept.add(option);
            }
        }
        return kept;
    }

    static String encode(BenchmarkRun.Result result) throws IOException {
        return RESULT_PREFIX + JSON.writeValueAsString(result);
    }

    static BenchmarkRun.Result decode(String line) throws IOException {
        return JSON.readValue(line.substring(RESULT_PREFIX.length()), BenchmarkRun.Result.class);
    }
}
