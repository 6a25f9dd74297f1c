package dev.ferry.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.SourceFunction;

/**
 * The benchmark's generator for a paced measurement, the way StateFun's peer benchmark measures: a
 * flood of numbers {@code 0 .. flood-1} as fast as back-pressure allows (the warm-up: JIT, the
 * functions' connections, a state for every key), then it waits until the egress has received all
 * of them and the job is idle for {@value #IDLE_MILLIS} ms, then numbers {@code flood ..
 * flood+paced-1} at a fixed rate. Number {@code flood + i} is due {@code i / rate} seconds after
 * {@link #pacedStartNanos()}, whether or not the source could emit it then, so a stall counts as
 * latency. Its position is checkpointed; after the last number it idles until cancelled, as a Ferry
 * job's sources do.
 */
@SuppressWarnings("deprecation") // the legacy source API, as the runtime's own generator
final class FloodThenPaceSource implements SourceFunction<Long>, CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** The pause between the drained flood and the first paced number, as StateFun's peer has. */
    static final long IDLE_MILLIS = 1_000;

    /** How long the flood may take to reach the egress before the run fails. */
    static final long DRAIN_TIMEOUT_MINUTES = 10;

    /** When the paced phase of the latest run in this JVM started (0: not yet). */
    private static volatile long pacedStartNanos;

    /** When the latest run in this JVM emitted its first flood message (0: not yet). */
    private static volatile long floodStartNanos;

    private final long flood;
    private final long paced;
    private final long rate;

    private transient ListState<Long> position;
    private volatile long next;
    private volatile boolean running = true;

    FloodThenPaceSource(long flood, long paced, long rate) {
        if (flood < 1 || paced < 1 || rate < 1) {
            throw new IllegalArgumentException(
                    "a flood-then-pace run needs at least one flood message, one paced message"
                            + " and a rate of at least 1 msg/s; got flood "
                            + flood
                            + ", paced "
                            + paced
                            + ", rate "
                            + rate);
        }
        this.flood = flood;
        this.paced = paced;
        this.rate = rate;
    }

    /** Forgets the previous run's flood and paced start; call before each run. */
    static void reset() {
        pacedStartNanos = 0;
        floodStartNanos = 0;
    }

    /** {@link System#nanoTime()} when number 0 was emitted; 0 before the flood. */
    static long floodStartNanos() {
        return floodStartNanos;
    }

    /** {@link System#nanoTime()} when number {@code flood} was due; 0 before the paced phase. */
    static long pacedStartNanos() {
        return pacedStartNanos;
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
    public void run(SourceContext<Long> context) throws Exception {
        if (next == 0 && floodStartNanos == 0) {
            floodStartNanos = System.nanoTime();
        }
        while (running && next < flood) {
            emit(context);
        }
        if (running && pacedStartNanos == 0) {
            awaitDrainedFlood();
            Thread.sleep(IDLE_MILLIS);
            pacedStartNanos = System.nanoTime();
        }
        long start = pacedStartNanos;
        while (running && next < flood + paced) {
            long due = start + (next - flood) * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            emit(context);
        }
        while (running) {
            LockSupport.parkNanos(50_000_000L);
        }
    }

    private void emit(SourceContext<Long> context) {
        synchronized (context.getCheckpointLock()) {
            context.collect(next);
            next++;
        }
    }

    /** Polls the measuring egress of this JVM (it counts arrivals; there is nothing to await). */
    private void awaitDrainedFlood() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(DRAIN_TIMEOUT_MINUTES);
        while (running && received() < flood) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the flood of "
                                + flood
                                + " messages did not reach the egress within "
                                + DRAIN_TIMEOUT_MINUTES
                                + " minutes ("
                                + received()
                                + " arrived)");
            }
            Thread.sleep(2);
        }
    }

    private static long received() {
        Measurements measurements = Measurements.current;
        return measurements == null ? 0 : measurements.received.get();
    }

    @Override
    public void cancel() {
        running = false;
    }
}
