package dev.ferry.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A run second by second: per second of the messages' due times, how many arrived and their p50,
 * p99 and maximum latency, next to the checkpoints whose barrier reached the egress or that
 * completed in that second; and how old the newest completed checkpoint got. A latency spike that
 * lines up with checkpoints points at them.
 */
final class LatencyTrace {
    /** A checkpoint as the egress saw it: its barrier's arrival and its completion (0: never). */
    record Checkpoint(long id, long barrierNanos, long completedNanos) {}

    private LatencyTrace() {}

    /**
     * @param start when message 0 was due (rate > 0) or emitted
     * @param rate messages per second, 0 for a run at maximum rate (then latency is not traced)
     * @param arrivals per message, when it reached the egress (0: never)
     * @param from the first message to trace (the warm-up is left out)
     * @param end when the run ended
     */
    static List<String> lines(
            long start,
            long rate,
            long[] arrivals,
            int from,
            List<Checkpoint> checkpoints,
            long end) {
        List<String> lines = new ArrayList<>();
        int seconds = (int) Math.max(1, (end - start + 999_999_999L) / 1_000_000_000L);
        List<List<Long>> latencies = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            latencies.add(new ArrayList<>());
        }
        if (rate > 0) {
            for (int n = from; n < arrivals.length; n++) {
                long due = start + (long) (n * 1e9 / rate);
                int second = (int) ((due - start) / 1_000_000_000L);
                if (second < seconds && arrivals[n] != 0) {
                    latencies.get(second).add(arrivals[n] - due);
                }
            }
        }
        for (int s = 0; s < seconds; s++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %4d s", s));
            long[] values = latencies.get(s).stream().mapToLong(Long::longValue).toArray();
            if (values.length > 0) {
                Arrays.sort(values);
                line.append(
                        String.format(
                                Locale.ROOT,
                                " | %6d msgs p50 %7.1f p99 %7.1f max %7.1f ms",
                                values.length,
                                Measurements.percentile(values, 50) / 1e6,
                                Measurements.percentile(values, 99) / 1e6,
                                values[values.length - 1] / 1e6));
            }
            long from0 = start + s * 1_000_000_000L;
            long to = from0 + 1_000_000_000L;
            for (Checkpoint c : checkpoints) {
                if (c.barrierNanos() >= from0 && c.barrierNanos() < to) {
                    line.append(
                            String.format(
                                    Locale.ROOT,
                                    " | barrier %d at +%.2f s",
                                    c.id(),
                                    (c.barrierNanos() - from0) / 1e9));
                }
                if (c.completedNanos() >= from0 && c.completedNanos() < to) {
                    line.append(
                            String.format(
                                    Locale.ROOT,
                                    " | completed %d at +%.2f s",
                                    c.id(),
                                    (c.completedNanos() - from0) / 1e9));
                }
            }
            lines.add(line.toString());
        }
        lines.add(
                String.format(
                        Locale.ROOT,
                        "  checkpoints completed: %d; the newest completed checkpoint was at most"
                                + " %.2f s old",
                        checkpoints.stream().filter(c -> c.completedNanos() != 0).count(),
                        oldestCheckpointAge(start, checkpoints, end) / 1e9));
        return lines;
    }

    /**
     * The longest time during [start, end] without a newer completed checkpoint: the most a restart
     * in that window would have replayed (from {@code start} until the first completion counts).
     */
    static long oldestCheckpointAge(long start, List<Checkpoint> checkpoints, long end) {
        long[] completions =
                checkpoints.stream()
                        .mapToLong(Checkpoint::completedNanos)
                        .filter(t -> t != 0 && t >= start && t <= end)
                        .sorted()
                        .toArray();
        long previous = start;
        long longest = 0;
        for (long completion : completions) {
            longest = Math.max(longest, completion - previous);
            previous = completion;
        }
        return Math.max(longest, end - previous);
    }
}
