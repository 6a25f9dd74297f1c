package dev.ferry.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the measuring egress saw in this JVM: when each generated number first arrived, how often
 * each number arrived, and per key how many records it emitted and the highest count it reported.
 */
final class Measurements {
    static volatile Measurements current;

    final long[] arrivals;
    final AtomicLong received = new AtomicLong();
    final Map<String, KeyTally> keys = new ConcurrentHashMap<>();

    /** Per checkpoint id: {barrier at the egress, completed} in nanos (0: not yet). */
    private final Map<Long, long[]> checkpoints = new ConcurrentHashMap<>();

    /** Arrivals per generated number (saturating at {@link Byte#MAX_VALUE}). */
    private final byte[] deliveries;

    /** One key's egress records and the highest count among them. */
    static final class KeyTally {
        int records;
        int highestCount;
    }

    Measurements(int messages) {
        arrivals = new long[messages];
        deliveries = new byte[messages];
    }

    /**
     * Notes one egress record of the benchmark's functions, {@code "<function> <id> <count>
     * <number>"}, under the key {@code "<function> <id>"} ({@link Workload#reportingKey}); false
     * when the text is not of that form. Scanned in place: the measuring egress calls it in the
     * measured task for every message, so it stays about as cheap as the peer's binary sink.
     */
    boolean recordText(String text, long now) {
        int functionEnd = text.indexOf(' ');
        int idEnd = functionEnd < 0 ? -1 : text.indexOf(' ', functionEnd + 1);
        int countEnd = idEnd < 0 ? -1 : text.indexOf(' ', idEnd + 1);
        if (countEnd < 0 || text.indexOf(' ', countEnd + 1) >= 0) {
            return false;
        }
        int count;
        int sequence;
        try {
            count = Integer.parseInt(text, idEnd + 1, countEnd, 10);
            sequence = Integer.parseInt(text, countEnd + 1, text.length(), 10);
        } catch (NumberFormatException e) {
            return false;
        }
        record(text.substring(0, idEnd), count, sequence, now);
        return true;
    }

    void record(String key, int count, int sequence, long now) {
        if (sequence >= 0 && sequence < arrivals.length) {
            if (arrivals[sequence] == 0) {
                arrivals[sequence] = now;
            }
            if (deliveries[sequence] < Byte.MAX_VALUE) {
                deliveries[sequence]++;
            }
        }
        keys.compute(
                key,
                (k, tally) -> {
                    KeyTally t = tally == null ? new KeyTally() : tally;
                    t.records++;
                    t.highestCount = Math.max(t.highestCount, count);
                    return t;
                });
        received.incrementAndGet();
    }

    void checkpointBarrier(long id, long now) {
        checkpoints.computeIfAbsent(id, k -> new long[2])[0] = now;
    }

    void checkpointCompleted(long id, long now) {
        checkpoints.computeIfAbsent(id, k -> new long[2])[1] = now;
    }

    /** The checkpoints the egress took part in, by id. */
    List<LatencyTrace.Checkpoint> checkpoints() {
        return checkpoints.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new LatencyTrace.Checkpoint(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .toList();
    }

    /** Generated numbers that reached the egress more than once, counting each extra arrival. */
    long duplicates() {
        long duplicates = 0;
        for (byte d : deliveries) {
            duplicates += Math.max(0, d - 1);
        }
        return duplicates;
    }

    /** Generated numbers that never reached the egress. */
    long lost() {
        long lost = 0;
        for (byte d : deliveries) {
            if (d == 0) {
                lost++;
            }
        }
        return lost;
    }

    /** Percentile (0..100) of the sorted values. */
    static long percentile(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
