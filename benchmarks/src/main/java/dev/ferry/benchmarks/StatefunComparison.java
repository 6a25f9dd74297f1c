package dev.ferry.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The figures compared between StateFun 3.3 and Ferry for one workload, and the table rows they
 * make: maximum rate, latency at the fixed rates, the rate sustained with p99 within the bound,
 * invocations per message and what the invocations would cost on Lambda.
 */
final class StatefunComparison {
    /** The fixed rates both systems run at, msg/s. */
    static final long LOW_RATE = 3_000;

    static final long HIGH_RATE = 6_000;

    /**
     * One system's runs of one workload.
     *
     * @param max the run at maximum rate
     * @param low the run at {@link #LOW_RATE}
     * @param high the run at {@link #HIGH_RATE}
     * @param sustained the highest rate found with p99 within the bound, or null if none
     */
    record Figures(
            BenchmarkRun.Result max,
            BenchmarkRun.Result low,
            BenchmarkRun.Result high,
            BenchmarkRun.Result sustained) {
        boolean verified() {
            return max.verified()
                    && low.verified()
                    && high.verified()
                    && (sustained == null || sustained.verified());
        }
    }

    private StatefunComparison() {}

    /** Function invocations per message that enters the job (chain: two function messages each). */
    static double invocationsPerMessage(Workload workload, BenchmarkRun.Result run) {
        return run.messagesPerRequest() == 0
                ? Double.NaN
                : workload.invocationsPerMessage / run.messagesPerRequest();
    }

    /**
     * The mean time of one invocation of {@code run}; when its function server did not measure it
     * (StateFun's), the time per function message measured by {@code reference} times the messages
     * {@code run}'s invocations carried.
     */
    static double millisPerInvocation(BenchmarkRun.Result run, BenchmarkRun.Result reference) {
        if (!Double.isNaN(run.millisPerInvocation())) {
            return run.millisPerInvocation();
        }
        double perMessage = reference.millisPerInvocation() / reference.messagesPerRequest();
        return perMessage * run.messagesPerRequest();
    }

    /**
     * Adds this workload's rows to {@code table}: StateFun's figures and, per Ferry column of the
     * table, the figures in {@code ferry} (in column order).
     */
    static void addRows(
            ComparisonTable table,
            Workload workload,
            Figures statefun,
            List<Figures> ferry,
            double p99BoundMillis,
            LambdaCost cost) {
        String w = workload.label();
        table.add(
                w + ", maximum",
                "msg/s",
                statefun.max().throughput(),
                each(ferry, f -> f.max().throughput()),
                "%,.0f");
        table.add(
                w + ", maximum over the whole flood",
                "msg/s",
                statefun.max().wholeFloodThroughput(),
                each(ferry, f -> f.max().wholeFloodThroughput()),
                "%,.0f");
        for (long rate : new long[] {LOW_RATE, HIGH_RATE}) {
            Function<Figures, BenchmarkRun.Result> at =
                    rate == LOW_RATE ? Figures::low : Figures::high;
            String label = String.format(Locale.ROOT, "%s at %,d msg/s", w, rate);
            table.add(
                    label + ", p50",
                    "ms",
                    at.apply(statefun).p50Millis(),
                    each(ferry, f -> at.apply(f).p50Millis()),
                    "%.1f");
            table.add(
                    label + ", p99",
                    "ms",
                    at.apply(statefun).p99Millis(),
                    each(ferry, f -> at.apply(f).p99Millis()),
                    "%.1f");
        }
        table.add(
                String.format(Locale.ROOT, "%s, sustained with p99 ≤ %.0f ms", w, p99BoundMillis),
                "msg/s",
                sustainedRate(statefun.sustained()),
                each(ferry, f -> sustainedRate(f.sustained())),
                "%,.0f");
        table.add(
                w + ", invocations per message at maximum",
                "",
                invocationsPerMessage(workload, statefun.max()),
                each(ferry, f -> invocationsPerMessage(workload, f.max())),
                "%.3f");
        table.add(
                String.format(
                        Locale.ROOT, "%s, invocations per message at %,d msg/s", w, HIGH_RATE),
                "",
                invocationsPerMessage(workload, statefun.high()),
                each(ferry, f -> invocationsPerMessage(workload, f.high())),
                "%.3f");
        // StateFun's server does not time its invocations: its duration is estimated from the
        // first Ferry column's time per function message (the same SDK functions).
        BenchmarkRun.Result reference = ferry.get(0).high();
        table.add(
                String.format(
                        Locale.ROOT,
                        "%s, Lambda cost per million messages at %,d msg/s",
                        w,
                        HIGH_RATE),
                "$",
                cost.perMillionMessages(
                        invocationsPerMessage(workload, statefun.high()),
                        millisPerInvocation(statefun.high(), reference)),
                each(
                        ferry,
                        f ->
                                cost.perMillionMessages(
                                        invocationsPerMessage(workload, f.high()),
                                        millisPerInvocation(f.high(), reference))),
                "%.3f");
    }

    private static List<Double> each(List<Figures> ferry, ToDoubleFunction<Figures> figure) {
        return ferry.stream().map(f -> figure.applyAsDouble(f)).toList();
    }

    /** Zero when no rate kept within the bound. */
    private static double sustainedRate(BenchmarkRun.Result sustained) {
        return sustained == null ? 0 : sustained.rate();
    }
}
