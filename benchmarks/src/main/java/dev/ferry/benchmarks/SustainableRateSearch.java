package dev.ferry.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the highest fixed rate whose p99 latency stays within a bound. The maximum is reached with
 * deep batches and queues, so a fraction of it says little about the rate a workload sustains at
 * low latency; this measures it.
 *
 * <p>Every system is probed on the same {@linkplain #ladder() ladder} of rates, so two systems
 * compared are tried at the same rates whenever their answers lie in the same stretch: the search
 * bisects the ladder's rates between the highest run known to keep within the bound (or zero) and
 * the lowest above it that did not (or the maximum).
 */
final class SustainableRateSearch {
    /** The lowest rate of the ladder, msg/s. */
    static final long LOWEST = 500;

    /** One run at a fixed rate. */
    interface Probe {
        BenchmarkRun.Result run(long rate) throws Exception;
    }

    private SustainableRateSearch() {}

    /**
     * The rates the search tries, up to {@code upTo}: from {@value #LOWEST} msg/s, each the
     * previous plus a tenth of it rounded down to a hundred (at least 100): 500, 600, ... 2,000,
     * 2,200, ... 3,000, 3,300, 3,600, 3,900, 4,200, 4,600, 5,000, 5,500, 6,000, 6,600, ...; about
     * 10 % apart above 1,000 msg/s.
     */
    static List<Long> ladder(long upTo) {
        List<Long> rates = new ArrayList<>();
        for (long rate = LOWEST; rate <= upTo; rate += Math.max(100, rate / 10 / 100 * 100)) {
            rates.add(rate);
        }
        return rates;
    }

    /** As {@link #search(List, double, double, int, Probe)} with no runs made yet. */
    static BenchmarkRun.Result search(
            double maxRate, double p99BoundMillis, int maxProbes, Probe probe) throws Exception {
        return search(List.of(), maxRate, p99BoundMillis, maxProbes, probe);
    }

    /**
     * Bisects the ladder between the highest of {@code known} that kept within the bound and
     * verified (or zero) and the lowest above it that did not (or {@code maxRate}), until no ladder
     * rate lies between them or {@code maxProbes} runs were made.
     *
     * @return the run at the highest rate that kept within the bound and verified, or null if none
     *     did
     */
    static BenchmarkRun.Result search(
            List<BenchmarkRun.Result> known,
            double maxRate,
            double p99BoundMillis,
            int maxProbes,
            Probe probe)
            throws Exception {
        BenchmarkRun.Result best = null;
        long high = Math.max(LOWEST + 1, Math.round(maxRate));
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
        List<Long> ladder = ladder(high);
        for (int probes = 0; probes < maxProbes; probes++) {
            long lowBound = low;
            long highBound = high;
            List<Long> between =
                    ladder.stream().filter(rate -> rate > lowBound && rate < highBound).toList();
            if (between.isEmpty()) {
                break;
            }
            long rate = between.get(between.size() / 2);
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

    private static boolean within(BenchmarkRun.Result run, double p99BoundMillis) {
        return run.verified() && run.p99Millis() <= p99BoundMillis;
    }
}
