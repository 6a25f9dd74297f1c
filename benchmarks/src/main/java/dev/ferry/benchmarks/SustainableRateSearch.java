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
        long low = 0;
        long high = Math.max(GRANULARITY, Math.round(maxRate));
        BenchmarkRun.Result best = null;
        for (int i = 0; i < steps; i++) {
            long rate = Math.max(GRANULARITY, (low + high) / 2 / GRANULARITY * GRANULARITY);
            if (rate <= low || rate >= high) {
                break;
            }
            BenchmarkRun.Result result = probe.run(rate);
            if (result.verified() && result.p99Millis() <= p99BoundMillis) {
                low = rate;
                best = result;
            } else {
                high = rate;
            }
        }
        return best;
    }
}
