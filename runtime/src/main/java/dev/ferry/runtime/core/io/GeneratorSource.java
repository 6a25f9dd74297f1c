package dev.ferry.runtime.core.io;

import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.SourceFunction;

/**
 * Emits the sequence numbers {@code 0, 1, 2, ...} at a fixed rate (or as fast as possible), up to a
 * count. Its position is part of every checkpoint, so after a restore it continues exactly where
 * the checkpoint left it. After the last number it stays idle rather than finishing: a Ferry job is
 * a streaming application that runs until it is stopped, and a finished source would end the
 * feedback loop.
 */
@SuppressWarnings("deprecation") // the legacy source API keeps this small; it is not user-facing
public final class GeneratorSource implements SourceFunction<Long>, CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final long rate;
    private final long count;

    /** When the latest generator in this JVM emitted its first number (for latency measurement). */
    private static volatile long firstEmitNanos;

    private transient ListState<Long> position;
    private volatile long next;
    private volatile boolean running = true;

    /**
     * @param rate messages per second, 0 for as fast as possible
     * @param count messages in all, 0 for unbounded
     */
    public GeneratorSource(long rate, long count) {
        this.rate = rate;
        this.count = count;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        position =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("generator-position", Types.LONG));
        for (Long restored : position.get()) {
            next = restored;
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        position.update(java.util.List.of(next));
    }

    @Override
    public void run(SourceContext<Long> context) {
        long start = System.nanoTime();
        long first = next;
        if (first == 0) {
            firstEmitNanos = start;
        }
        while (running) {
            if (count > 0 && next >= count) {
                LockSupport.parkNanos(50_000_000L);
                continue;
            }
            if (rate > 0) {
                long due = start + (next - first) * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
            }
            synchronized (context.getCheckpointLock()) {
                context.collect(next);
                next++;
            }
        }
    }

    /**
     * {@link System#nanoTime()} at which the latest generator of this JVM started emitting. At a
     * fixed rate, number {@code n} is due {@code n / rate} seconds later: benchmarks measure
     * end-to-end latency from there.
     */
    public static long firstEmitNanos() {
        return firstEmitNanos;
    }

    @Override
    public void cancel() {
        running = false;
    }
}
