package dev.ferry.runtime.core.feedback;

import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.core.message.EnvelopeSerializer;
import java.io.DataInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyGroupStatePartitionStreamProvider;
import org.apache.flink.runtime.state.KeyedStateCheckpointOutputStream;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The end of the feedback loop: hands the messages functions sent to each other to the dispatcher
 * of its own subtask, and keeps the ones still in flight at a checkpoint in that checkpoint (raw
 * keyed state, by key group, so they follow their keys on rescaling) to push them again on restore.
 */
public final class FeedbackTailOperator extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<Envelope, Void> {
    private static final long serialVersionUID = 1L;

    private transient FeedbackChannel channel;
    private transient List<Envelope> restored;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        restored = new ArrayList<>();
        if (!context.isRestored()) {
            return;
        }
        for (KeyGroupStatePartitionStreamProvider partition : context.getRawKeyedStateInputs()) {
            try (InputStream in = partition.getStream()) {
                DataInputViewStreamWrapper view =
                        new DataInputViewStreamWrapper(new DataInputStream(in));
                int count = view.readInt();
                for (int i = 0; i < count; i++) {
                    restored.add(EnvelopeSerializer.INSTANCE.deserialize(view));
                }
            }
        }
    }

    /**
     * The raw keyed state holds the in-flight messages, not timers: Flink must not read it as
     * timers.
     */
    @Override
    protected boolean isUsingCustomRawKeyedState() {
        return true;
    }

    @Override
    public void open() throws Exception {
        super.open();
        channel = FeedbackChannelKey.acquire(this);
        FeedbackChannel measured = channel;
        MetricGroup metrics = getMetricGroup().addGroup("feedback");
        metrics.gauge("memoryBytes", (Gauge<Long>) measured::memoryBytes);
        metrics.gauge("spilledBytes", (Gauge<Long>) measured::spilledBytes);
        // Messages in flight at the restored checkpoint go round again, before anything new.
        restored.forEach(channel::push);
        restored = null;
    }

    @Override
    public void processElement(StreamRecord<Envelope> element) {
        channel.push(element.getValue());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<Envelope> inFlight = channel.inFlightAt(context.getCheckpointId());
        int maxParallelism = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
        Map<Integer, List<Envelope>> byKeyGroup = new HashMap<>();
        for (Envelope envelope : inFlight) {
            int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(envelope.key(), maxParallelism);
            byKeyGroup.computeIfAbsent(keyGroup, k -> new ArrayList<>()).add(envelope);
        }
        KeyedStateCheckpointOutputStream out = context.getRawKeyedOperatorStateOutput();
        DataOutputViewStreamWrapper view = new DataOutputViewStreamWrapper(out);
        for (int keyGroup : out.getKeyGroupList()) {
            out.startNewKeyGroup(keyGroup);
            List<Envelope> envelopes = byKeyGroup.getOrDefault(keyGroup, List.of());
            view.writeInt(envelopes.size());
            for (Envelope envelope : envelopes) {
                EnvelopeSerializer.INSTANCE.serialize(envelope, view);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (channel != null) {
            FeedbackChannelKey.release(this);
            channel = null;
        }
        super.close();
    }
}
