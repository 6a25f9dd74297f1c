package dev.ferry.benchmarks;

/**
 * Finds the highest fixed rate whose p99 latency stays within a bound, by bisection between zero
 * and the measured maximum. The maximum is reached with deep batches and queues, so a fraction of
 * it says little about the rate a workload sustains at low latency; this measures it.
 */
final class SustainableRateSearch {
    /** Rates are tried in steps of this many messages per second. */
    static final long GRANULARITY = 100;

    /** One run at a fixed rate. */
    interface Probe {
        BenchmarkRun.Result run(long rate) throws Exception;
    }

    private SustainableRateSearch() {}

    /**
     * @param steps how many rates to try; the answer is within {@code maxRate / 2^steps}
     * @return the run at the highest rate that kept within the bound and verified, or null if none
     *     did
     */
    static BenchmarkRun.Result search(double maxRate, double p99BoundMillis, int steps, Probe probe)
            throws Exception {
        long high = Math.max(GRANULARITY, Math.round(maxRate));
        return search(0, high, null, p99BoundMillis, steps, probe);
    }

    /**
     * As {@link #search(double, double, int, Probe)}, between runs already made: bisects between
     * the highest of {@code known} that kept within the bound and verified (or zero) and the lowest
     * above it that did not (or {@code maxRate}).
     */
    static BenchmarkRun.Result search(
            java.util.List<BenchmarkRun.Result> known,
            double maxRate,
            double p99BoundMillis,
            int steps,
            Probe probe)
            throws Exception {
        BenchmarkRun.Result best = null;
        long high = Math.max(GRANULARITY, Math.round(maxRate));
        for (BenchmarkRun.Result run : known) {
            if (within(run, p99BoundMillis) && (best == null || run.rate() > best.rate())) {
                best = run;
            }
        }
        long low = best == null ? 0 : best.rate();
        for (BenchmarkRun.Result run : known) {
            if (!within(run, p99BoundMillis) && run.rate() > low) {
                high = Math.min(high, run.rate());
            }
        }
        return search(low, high, best, p99BoundMillis, steps, probe);
    }

    private static boolean within(BenchmarkRun.Result run, double p99BoundMillis) {
        return run.verified() && run.p99Millis() <= p99BoundMillis;
    }

    private static BenchmarkRun.Result search(
            long low,
            long high,
            BenchmarkRun.Result best,
            double p99BoundMillis,
            int steps,
            Probe probe)
            throws Exception {
        for (int i = 0; i < steps; i++) {
            long rate = Math.max(GRANULARITY, (low + high) / 2 / GRANULARITY * GRANULARITY);
            if (rate <= low || rate >= high) {
                break;
            }
            BenchmarkRun.Result result = probe.run(rate);
            if (within(result, p99BoundMillis)) {
                low = rate;
                best = result;
            } else {
                high = rate;
            }
        }
        return best;
    }
}
