package dev.ferry.runtime.core;

import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.runtime.core.message.EgressRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

/**
 * A test egress with the visibility of a transactional sink: records become visible (in a static
 * list per test) only when the checkpoint after them completes, exactly as Kafka transactions
 * behave. Records of a failed attempt are never committed, so the list holds every record of the
 * exactly-once output once, or the test fails.
 */
@SuppressWarnings("deprecation")
public final class CommittedEgress extends RichSinkFunction<EgressRecord>
        implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    private static final Map<String, List<String>> COMMITTED = new ConcurrentHashMap<>();
    private static final Set<String> COMMITTED_CHECKPOINTS = ConcurrentHashMap.newKeySet();
    private static final Map<String, Long> COMPLETED_CHECKPOINT = new ConcurrentHashMap<>();

    private final String name;
    private transient List<String> current;
    private transient TreeMap<Long, List<String>> pending;
    private transient ListState<byte[]> state;

    public CommittedEgress(String name) {
        this.name = name;
        COMMITTED.putIfAbsent(name, new CopyOnWriteArrayList<>());
    }

    /** Committed records of the named egress, each decoded as a string. */
    public static List<String> committed(String name) {
        return COMMITTED.getOrDefault(name, List.of());
    }

    /**
     * The id of the newest checkpoint that Flink reported complete to the named egress, or -1: a
     * test waits for it to pass a value to know that a real checkpoint finished since then.
     */
    public static long completedCheckpoint(String name) {
        return COMPLETED_CHECKPOINT.getOrDefault(name, -1L);
    }

    @Override
    public void invoke(EgressRecord record, Context context) {
        current.add(PrimitiveCodecs.describe(record.typename(), record.value()));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        current = new ArrayList<>();
        pending = new TreeMap<>();
        state =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "pending",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        for (byte[] entry : state.get()) {
            DataInputDeserializer in = new DataInputDeserializer(entry);
            long checkpoint = in.readLong();
            int count = in.readInt();
            List<String> records = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                records.add(in.readUTF());
            }
            pending.put(checkpoint, records);
        }
        // Everything in a restored checkpoint belongs to a completed checkpoint: commit it.
        commitUpTo(Long.MAX_VALUE);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        pending.put(context.getCheckpointId(), current);
        current = new ArrayList<>();
        List<byte[]> entries = new ArrayList<>();
        for (Map.Entry<Long, List<String>> checkpoint : pending.entrySet()) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            out.writeLong(checkpoint.getKey());
            out.writeInt(checkpoint.getValue().size());
            for (String record : checkpoint.getValue()) {
                out.writeUTF(record);
            }
            entries.add(out.getCopyOfBuffer());
        }
        state.update(entries);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        // Noted before the records show, so a test that saw them sees this checkpoint too.
        COMPLETED_CHECKPOINT.merge(name, checkpointId, Math::max);
        commitUpTo(checkpointId);
    }

    private void commitUpTo(long checkpointId) {
        var done = pending.headMap(checkpointId, true);
        for (Map.Entry<Long, List<String>> checkpoint : done.entrySet()) {
            if (COMMITTED_CHECKPOINTS.add(name + "#" + checkpoint.getKey())) {
                COMMITTED.get(name).addAll(checkpoint.getValue());
            }
        }
        done.clear();
    }
}
