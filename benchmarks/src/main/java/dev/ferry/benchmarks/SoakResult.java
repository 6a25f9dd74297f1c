package dev.ferry.benchmarks;

import dev.ferry.benchmarks.functions.SoakFault;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one soak did and found.
 *
 * @param messages messages sent, both workloads together
 * @param injected faults injected, by kind
 * @param duplicates egress records committed more than once (extra copies)
 * @param lost messages whose egress record was never committed
 * @param recoveries per fault, from its injection to the next growth of the committed output
 * @param seconds the run's wall time
 * @param problems what did not verify; empty when everything did
 */
record SoakResult(
        int messages,
        Map<SoakFault, Integer> injected,
        long duplicates,
        long lost,
        Map<SoakFault, List<Long>> recoveries,
        double seconds,
        List<String> problems) {

    boolean verified() {
        return problems.isEmpty();
    }

    int faults() {
        return injected.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The one line the soak prints. */
    String line() {
        String kinds =
                Arrays.stream(SoakFault.values())
                        .map(kind -> kind.label + " " + injected.getOrDefault(kind, 0))
                        .collect(Collectors.joining(", "));
        long[] all =
                recoveries.values().stream()
                        .flatMap(List::stream)
                        .mapToLong(Long::longValue)
                        .sorted()
                        .toArray();
        long[] kills =
                recoveries.getOrDefault(SoakFault.PROCESS_KILL, List.of()).stream()
                        .mapToLong(Long::longValue)
                        .sorted()
                        .toArray();
        return String.format(
                Locale.ROOT,
                "soak %,d messages (counter, chain) | %d faults: %s | %d lost, %d duplicated"
                        + " | recovery p50 %.1f s, max %.1f s (sigkill p50 %.1f s, max %.1f s)"
                        + " | %.0f s | %s",
                messages,
                faults(),
                kinds,
                lost,
                duplicates,
                Measurements.percentile(all, 50) / 1e3,
                all.length == 0 ? 0 : all[all.length - 1] / 1e3,
                Measurements.percentile(kills, 50) / 1e3,
                kills.length == 0 ? 0 : kills[kills.length - 1] / 1e3,
                seconds,
                verified() ? "verified" : "NOT VERIFIED: " + String.join("; ", problems));
    }
}
