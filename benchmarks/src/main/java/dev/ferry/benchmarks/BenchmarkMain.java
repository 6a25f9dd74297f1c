package dev.ferry.benchmarks;

import dev.ferry.runtime.module.AddressBatching;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.flink.util.FileUtils;

/**
 * Runs the {@code counter} and {@code chain} workloads at maximum rate and at a fixed rate against
 * the benchmark functions in a separate JVM, and prints one line per workload.
 *
 * <p>Arguments: {@code [messages (200000)] [keys (1000)] [fixed rate (half the measured maximum) |
 * p99:MILLIS]}. With {@code p99:MILLIS} instead of a fixed rate, each workload is run at a series
 * of rates to find the highest whose p99 latency stays within MILLIS (see {@link
 * SustainableRateSearch}). With {@code --observability} first, it measures instead what metrics and
 * tracing cost ({@link ObservabilityOverhead}).
 *
 * <p>{@code --address-batching[=N]} anywhere among the arguments serves the functions with Ferry's
 * Knative adapter server instead of a plain SDK server, behind a Knative endpoint with address
 * batching on and at most N requests in flight (default {@value
 * AddressBatching#DEFAULT_MAX_REQUESTS_IN_FLIGHT}).
 */
public final class BenchmarkMain {
    /** At most this many rates tried per workload by the p99 search. */
    static final int SEARCH_PROBES = 6;

    private BenchmarkMain() {}

    /** One run, its checkpoints in a temporary folder that is deleted afterwards. */
    private static BenchmarkRun.Result run(
            Workload workload, int messages, int keys, long rate, FunctionServerProcess functions)
            throws Exception {
        Path checkpoints = Files.createTempDirectory("ferry-bench");
        try {
            return BenchmarkRun.run(workload, messages, keys, rate, functions, checkpoints);
        } finally {
            FileUtils.deleteDirectory(checkpoints.toFile());
        }
    }

    /**
     * One rate of the p99 search, measured as {@code benchmarks/compare-statefun} measures both
     * systems: a short flood, then the paced phase.
     */
    private static BenchmarkRun.Result probe(
            Workload workload, int keys, long rate, FunctionServerProcess functions)
            throws Exception {
        Path checkpoints = Files.createTempDirectory("ferry-bench");
        try {
            return BenchmarkRun.floodThenPace(
                    workload,
                    CompareStatefunMain.SHORT_FLOOD,
                    rate,
                    CompareStatefunMain.PROBE_SECONDS,
                    keys,
                    functions,
                    checkpoints);
        } finally {
            FileUtils.deleteDirectory(checkpoints.toFile());
        }
    }

    static String sustainedLine(
            BenchmarkRun.Result max, BenchmarkRun.Result sustained, double p99Bound) {
        String head =
                String.format(
                        Locale.ROOT,
                        "%-8s throughput %,.0f msg/s | %.2f messages per invocation | ",
                        max.workload().label(),
                        max.throughput(),
                        max.messagesPerRequest());
        if (sustained == null) {
            return head
                    + String.format(
                            Locale.ROOT,
                            "no rate from %d msg/s up kept p99 within %.0f ms",
                            SustainableRateSearch.LOWEST,
                            p99Bound);
        }
        return head
                + String.format(
                        Locale.ROOT,
                        "sustains %,d msg/s with p99 within %.0f ms (p50 %.1f ms, p99 %.1f ms, %.3f invocations per message) | %s",
                        sustained.rate(),
                        p99Bound,
                        sustained.p50Millis(),
                        sustained.p99Millis(),
                        sustained.invocationsPerMessage(),
                        max.verified() ? "verified" : "NOT VERIFIED: " + max.problem());
    }

    /** The {@code --address-batching[=N]} flag among {@code args}, or null without it. */
    static AddressBatching addressBatching(List<String> args) {
        for (String arg : args) {
            if (arg.equals(BATCHING_FLAG)) {
                return AddressBatching.ON;
            }
            if (arg.startsWith(BATCHING_FLAG + "=")) {
                return new AddressBatching(
                        true, Integer.parseInt(arg.substring(BATCHING_FLAG.length() + 1)));
            }
        }
        return null;
    }

    private static final String BATCHING_FLAG = "--address-batching";

    public static void main(String[] arguments) throws Exception {
        if (arguments.length > 0 && arguments[0].equals(ObservabilityOverhead.SWITCH)) {
            ObservabilityOverhead.main(
                    java.util.Arrays.copyOfRange(arguments, 1, arguments.length));
            return;
        }
        List<String> all = List.of(arguments);
        AddressBatching batching = addressBatching(all);
        String[] args =
                all.stream().filter(arg -> !arg.startsWith(BATCHING_FLAG)).toArray(String[]::new);
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        String third = args.length > 2 ? args[2] : "";
        double p99Bound =
                third.startsWith("p99:") ? Double.parseDouble(third.substring(4)) : Double.NaN;
        long fixedRate = third.isEmpty() || !Double.isNaN(p99Bound) ? 0 : Long.parseLong(third);
        System.out.printf(
                Locale.ROOT,
                "ferry benchmark: %d messages, %d keys, RocksDB, 1 s exactly-once checkpoints, parallelism 1, %d cores%s%n",
                messages,
                keys,
                Runtime.getRuntime().availableProcessors(),
                batching == null
                        ? ""
                        : ", Knative adapter server with address batching (at most "
                                + batching.maxRequestsInFlight()
                                + (batching.maxRequestsInFlight() == 1 ? " request" : " requests")
                                + " in flight per lane)");
        boolean allVerified = true;
        try (FunctionServerProcess functions = new FunctionServerProcess(batching)) {
            for (Workload workload : Workload.selected()) {
                BenchmarkRun.Result max = run(workload, messages, keys, 0, functions);
                if (!Double.isNaN(p99Bound)) {
                    allVerified &= max.verified();
                    BenchmarkRun.Result sustained =
                            SustainableRateSearch.search(
                                    max.throughput(),
                                    p99Bound,
                                    SEARCH_PROBES,
                                    rate -> probe(workload, keys, rate, functions));
                    System.out.println(sustainedLine(max, sustained, p99Bound));
                    continue;
                }
                long rate =
                        fixedRate > 0
                                ? fixedRate
                                : Math.max(100, Math.round(max.throughput() / 2 / 100) * 100);
                BenchmarkRun.Result fixed = run(workload, messages, keys, rate, functions);
                System.out.println(line(max, fixed));
                allVerified &= max.verified() && fixed.verified();
            }
        }
        System.exit(allVerified ? 0 : 1);
    }

    static String line(BenchmarkRun.Result max, BenchmarkRun.Result fixed) {
        return String.format(
                Locale.ROOT,
                "%-8s throughput %,.0f msg/s | at %,d msg/s: p50 %.1f ms, p99 %.1f ms, %.3f invocations per message | %.2f messages per invocation | %s",
                max.workload().label(),
                max.throughput(),
                fixed.rate(),
                fixed.p50Millis(),
                fixed.p99Millis(),
                fixed.invocationsPerMessage(),
                max.messagesPerRequest(),
                max.verified() && fixed.verified()
                        ? "verified"
                        : "NOT VERIFIED: "
                                + (max.problem() != null ? max.problem() : fixed.problem()));
    }
}
