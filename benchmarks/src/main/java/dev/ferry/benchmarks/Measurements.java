package dev.ferry.benchmarks;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the measuring egress saw in this JVM: when each generated number arrived, and the highest
 * count each key reported.
 */
final class Measurements {
    static volatile Measurements current;

    final long[] arrivals;
    final AtomicLong received = new AtomicLong();
    final Map<String, Integer> finalCounts = new ConcurrentHashMap<>();

    Measurements(int messages) {
        arrivals = new long[messages];
    }

    void record(String key, int count, int sequence, long now) {
        if (sequence >= 0 && sequence < arrivals.length && arrivals[sequence] == 0) {
            arrivals[sequence] = now;
        }
        finalCounts.merge(key, count, Math::max);
        received.incrementAndGet();
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
