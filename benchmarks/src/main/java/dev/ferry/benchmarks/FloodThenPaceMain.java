package dev.ferry.benchmarks;

import dev.ferry.runtime.module.AddressBatching;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.util.FileUtils;

/**
 * One {@link BenchmarkRun#floodThenPace} run in a JVM of its own with a function server of its own,
 * as StateFun's peer runs each of its runs (a new runtime JVM and a new function server JVM per
 * {@code run.sh}). Started by {@link FreshJvmRun}; prints its result as one line, {@value
 * FreshJvmRun#RESULT_PREFIX} and the result in JSON, on standard output.
 *
 * <p>Arguments: {@code <workload> <flood> <rate> <seconds> <keys> [requests in flight per lane]};
 * with the last one the functions are served by Ferry's Knative adapter server with address
 * batching on ({@link BenchmarkMain#addressBatching}). The JVM exits when its standard input
 * closes, so a run never outlives the harness that started it.
 */
public final class FloodThenPaceMain {
    private FloodThenPaceMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5 && args.length != 6) {
            throw new IllegalArgumentException(
                    "usage: FloodThenPaceMain <workload> <flood> <rate> <seconds> <keys>"
                            + " [requests in flight per lane, for address batching]");
        }
        exitWhenTheHarnessGoes();
        Workload workload = Workload.valueOf(args[0]);
        int flood = Integer.parseInt(args[1]);
        long rate = Long.parseLong(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int keys = Integer.parseInt(args[4]);
        AddressBatching batching =
                args.length == 6 ? new AddressBatching(true, Integer.parseInt(args[5])) : null;
        BenchmarkRun.Result result;
        try (FunctionServerProcess functions = new FunctionServerProcess(batching)) {
            Path checkpoints = Files.createTempDirectory("ferry-bench");
            try {
                result =
                        BenchmarkRun.floodThenPace(
                                workload, flood, rate, seconds, keys, functions, checkpoints);
            } finally {
                FileUtils.deleteDirectory(checkpoints.toFile());
            }
        }
        System.out.println(FreshJvmRun.encode(result));
        System.out.flush();
        // Flink and the HTTP clients may leave non-daemon threads behind; the run is over.
        System.exit(0);
    }

    private static void exitWhenTheHarnessGoes() {
        Thread watch =
                new Thread(
                        () -> {
                            try {
                                while (System.in.read() >= 0) {
                                    // the harness writes nothing; wait for the end of the stream
                                }
                            } catch (java.io.IOException e) {
                                // the pipe broke: the harness is gone too
                            }
                            System.err.println("flood-then-pace run: the harness went away");
                            Runtime.getRuntime().halt(3);
                        },
                        "harness-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
