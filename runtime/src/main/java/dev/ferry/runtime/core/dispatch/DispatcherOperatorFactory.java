package dev.ferry.runtime.core.dispatch;

import dev.ferry.runtime.core.message.Envelope;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.operators.YieldingOperatorFactory;

/** Creates the {@link DispatcherOperator} with the mailbox executor it hands replies to. */
public final class DispatcherOperatorFactory extends AbstractStreamOperatorFactory<Envelope>
        implements OneInputStreamOperatorFactory<Envelope, Envelope>,
                YieldingOperatorFactory<Envelope> {
    private static final long serialVersionUID = 1L;

    /** Messages buffered behind batches in flight, over all addresses of a task, by default. */
    public static final int DEFAULT_MAX_BUFFERED_PER_TASK = 1_000_000;

    private final DispatcherSpec spec;
    private final int maxBufferedPerTask;
    private final DispatchListener.Factory listeners;
    private final long maxHeapBacklogBytes;

    public DispatcherOperatorFactory(DispatcherSpec spec) {
        this(spec, DEFAULT_MAX_BUFFERED_PER_TASK);
    }

    /**
     * @param maxBufferedPerTask back-pressure once this many messages wait behind batches in flight
     *     in one task (summed over its addresses); 0 or less: unbounded
     */
    public DispatcherOperatorFactory(DispatcherSpec spec, int maxBufferedPerTask) {
        this(spec, maxBufferedPerTask, DispatchListener.Factory.NONE);
    }

    /**
     * @param listeners makes each task's {@link DispatchListener} (for metrics) from its operator
     *     metric group
     */
    public DispatcherOperatorFactory(
            DispatcherSpec spec, int maxBufferedPerTask, DispatchListener.Factory listeners) {
        this(spec, maxBufferedPerTask, listeners, AddressBatches.MAX_UNFLUSHED_BYTES);
    }

    /**
     * @param maxHeapBacklogBytes how many bytes of messages waiting behind batches in flight a task
     *     keeps on the heap between checkpoints ({@link AddressBatches#MAX_UNFLUSHED_BYTES}; other
     *     values for tests)
     */
    DispatcherOperatorFactory(
            DispatcherSpec spec,
            int maxBufferedPerTask,
            DispatchListener.Factory listeners,
            long maxHeapBacklogBytes) {
        this.spec = spec;
        this.maxBufferedPerTask = maxBufferedPerTask;
        this.listeners = listeners;
        this.maxHeapBacklogBytes = maxHeapBacklogBytes;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<Envelope>> T createStreamOperator(
            StreamOperatorParameters<Envelope> parameters) {
        DispatcherOperator operator =
                new DispatcherOperator(
                        spec,
                        maxBufferedPerTask,
                        maxHeapBacklogBytes,
                        listeners,
                        getMailboxExecutor());
        operator.setProcessingTimeService(parameters.getProcessingTimeService());
        operator.setup(
                parameters.getContainingTask(),
                parameters.getStreamConfig(),
                parameters.getOutput());
        return (T) operator;
    }

    @Override
    public Class<? extends StreamOperator<?>> getStreamOperatorClass(ClassLoader classLoader) {
        return DispatcherOperator.class;
    }
}
