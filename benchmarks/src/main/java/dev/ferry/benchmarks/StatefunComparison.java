package dev.ferry.benchmarks;

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

    /** Adds this workload's rows to {@code table}. */
    static void addRows(
            ComparisonTable table,
            Workload workload,
            Figures statefun,
            Figures ferry,
            double p99BoundMillis,
            LambdaCost cost) {
        String w = workload.label();
        table.add(
                w + ", maximum",
                "msg/s",
                statefun.max().throughput(),
                ferry.max().throughput(),
                "%,.0f");
        for (long rate : new long[] {LOW_RATE, HIGH_RATE}) {
            BenchmarkRun.Result s = rate == LOW_RATE ? statefun.low() : statefun.high();
            BenchmarkRun.Result f = rate == LOW_RATE ? ferry.low() : ferry.high();
            String at = String.format(java.util.Locale.ROOT, "%s at %,d msg/s", w, rate);
            table.add(at + ", p50", "ms", s.p50Millis(), f.p50Millis(), "%.1f");
            table.add(at + ", p99", "ms", s.p99Millis(), f.p99Millis(), "%.1f");
        }
        table.add(
                String.format(
                        java.util.Locale.ROOT,
                        "%s, sustained with p99 ≤ %.0f ms",
                        w,
                        p99BoundMillis),
                "msg/s",
                sustainedRate(statefun.sustained()),
                sustainedRate(ferry.sustained()),
                "%,.0f");
        table.add(
                w + ", invocations per message at maximum",
                "",
                invocationsPerMessage(workload, statefun.max()),
                invocationsPerMessage(workload, ferry.max()),
                "%.3f");
        table.add(
                String.format(
                        java.util.Locale.ROOT,
                        "%s, invocations per message at %,d msg/s",
                        w,
                        HIGH_RATE),
                "",
                invocationsPerMessage(workload, statefun.high()),
                invocationsPerMessage(workload, ferry.high()),
                "%.3f");
        table.add(
                String.format(
                        java.util.Locale.ROOT,
                        "%s, Lambda cost per million messages at %,d msg/s",
                        w,
                        HIGH_RATE),
                "$",
                cost.perMillionMessages(
                        invocationsPerMessage(workload, statefun.high()),
                        millisPerInvocation(statefun.high(), ferry.high())),
                cost.perMillionMessages(
                        invocationsPerMessage(workload, ferry.high()),
                        millisPerInvocation(ferry.high(), ferry.high())),
                "%.3f");
    }

    /** Zero when no rate kept within the bound. */
    private static double sustainedRate(BenchmarkRun.Result sustained) {
        return sustained == null ? 0 : sustained.rate();
    }
}
