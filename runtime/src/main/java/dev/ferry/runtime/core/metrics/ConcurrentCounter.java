package dev.ferry.runtime.core.metrics;

import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.metrics.Counter;

/**
 * A counter that many threads may increment: invokers report from their I/O threads, where Flink's
 * {@code SimpleCounter} (a plain long) would lose counts.
 */
final class ConcurrentCounter implements Counter {
    private final LongAdder count = new LongAdder();

    @Override
    public void inc() {
        count.increment();
    }

    @Override
    public void inc(long n) {
        count.add(n);
    }

    @Override
    public void dec() {
        count.decrement();
    }

    @Override
    public void dec(long n) {
        count.add(-n);
    }

    @Override
    public long getCount() {
        return count.sum();
    }
}
