package dev.ferry.runtime.core;

import dev.ferry.runtime.core.message.EgressRecord;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Throws once, after a number of records: a task failure in the middle of the stream. It counts
 * what it injected, so a test can assert that the failure it claims really happened, once.
 */
final class FailOnce implements MapFunction<EgressRecord, EgressRecord> {
    private static final long serialVersionUID = 1L;
    private static final AtomicInteger injected = new AtomicInteger();
    private static final AtomicLong seen = new AtomicLong();
    private static volatile long failAfter;

    static void reset(long after) {
        injected.set(0);
        seen.set(0);
        failAfter = after;
    }

    /** Failures thrown since the last {@link #reset}: 1 once the failure has happened. */
    static int injected() {
        return injected.get();
    }

    @Override
    public EgressRecord map(EgressRecord record) {
        if (seen.incrementAndGet() >= failAfter && injected.compareAndSet(0, 1)) {
            throw new IllegalStateException(
                    "injected failure after " + failAfter + " egress records");
        }
        return record;
    }
}
