package dev.ferry.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.util.FileUtils;

/**
 * The soak: a million messages through the counter and chain workloads while faults of every kind
 * are injected, then every count and every committed egress record checked (see {@link SoakRun}).
 * Prints one line; exits 1 when the run does not verify, keeping its folder (module, checkpoints,
 * the runtime's logs) for a look.
 *
 * <p>Arguments: {@code [messages (1000000)] [faults (25)] [keys (1000)]}.
 */
public final class SoakMain {
    private SoakMain() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int faults = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        int keys = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        Path work = Files.createTempDirectory("ferry-soak");
        System.out.printf(
                "ferry soak: %,d messages, %d faults, %d keys per workload, in %s%n",
                messages, faults, keys, work);
        SoakResult result =
                SoakRun.run(new SoakRun.Settings(messages, keys, faults, work), System.out);
        System.out.println(result.line());
        if (result.verified()) {
            FileUtils.deleteDirectory(work.toFile());
            System.exit(0);
        }
        System.out.println("ferry soak: kept " + work);
        System.exit(1);
    }
}
