package dev.ferry.benchmarks;

import java.nio.file.Files;
import java.util.Locale;

/**
 * Runs the {@code counter} and {@code chain} workloads at maximum rate and at a fixed rate against
 * the benchmark functions in a separate JVM, and prints one line per workload.
 *
 * <p>Arguments: {@code [messages (200000)] [keys (1000)] [fixed rate (half the measured maximum)]}.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        long fixedRate = args.length > 2 ? Long.parseLong(args[2]) : 0;
        System.out.printf(
                Locale.ROOT,
                "ferry benchmark: %d messages, %d keys, RocksDB, 1 s exactly-once checkpoints, parallelism 1, %d cores%n",
                messages,
                keys,
                Runtime.getRuntime().availableProcessors());
        boolean allVerified = true;
        try (FunctionServerProcess functions = new FunctionServerProcess()) {
            for (Workload workload : Workload.values()) {
                BenchmarkRun.Result max =
                        BenchmarkRun.run(
                                workload,
                                messages,
                                keys,
                                0,
                                functions,
                                Files.createTempDirectory("ferry-bench"));
                long rate =
                        fixedRate > 0
                                ? fixedRate
                                : Math.max(100, Math.round(max.throughput() / 2 / 100) * 100);
                BenchmarkRun.Result fixed =
                        BenchmarkRun.run(
                                workload,
                                messages,
                                keys,
                                rate,
                                functions,
                                Files.createTempDirectory("ferry-bench"));
                System.out.println(line(max, fixed));
                allVerified &= max.verified() && fixed.verified();
            }
        }
        System.exit(allVerified ? 0 : 1);
    }

    static String line(BenchmarkRun.Result max, BenchmarkRun.Result fixed) {
        return String.format(
                Locale.ROOT,
                "%-8s throughput %,.0f msg/s | at %,d msg/s: p50 %.1f ms, p99 %.1f ms | %.2f messages per invocation | %s",
                max.workload().label(),
                max.throughput(),
                fixed.rate(),
                fixed.p50Millis(),
                fixed.p99Millis(),
                max.messagesPerRequest(),
                max.verified() && fixed.verified()
                        ? "verified"
                        : "NOT VERIFIED: "
                                + (max.problem() != null ? max.problem() : fixed.problem()));
    }
}
