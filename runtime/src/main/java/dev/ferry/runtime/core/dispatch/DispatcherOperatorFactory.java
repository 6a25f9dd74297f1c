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

    private final DispatcherSpec spec;

    public DispatcherOperatorFactory(DispatcherSpec spec) {
        this.spec = spec;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<Envelope>> T createStreamOperator(
            StreamOperatorParameters<Envelope> parameters) {
        DispatcherOperator operator = new DispatcherOperator(spec, getMailboxExecutor());
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
