package dev.ferry.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.translation.EgressPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

/**
 * A test egress that behaves like a transactional sink: records become visible in {@link
 * #COMMITTED} only once the checkpoint after them completes (or when a restored checkpoint holds
 * them). Records of an attempt that failed or was killed are never visible, so the list holds the
 * exactly-once output, each record once, or the test sees the duplicate.
 */
@SuppressWarnings("deprecation")
final class CommittedSink extends RichSinkFunction<EgressRecord>
        implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;

    static final List<String> COMMITTED = new CopyOnWriteArrayList<>();

    /** Checkpoints committed so far: a commit is idempotent per checkpoint, like a transaction. */
    private static final Set<Long> COMMITTED_CHECKPOINTS = ConcurrentHashMap.newKeySet();

    static void reset() {
        COMMITTED.clear();
        COMMITTED_CHECKPOINTS.clear();
    }

    /**
     * Asserts that the committed output is the counter's, each record once: {@code "counter <key>
     * <count>"} for every key below {@code keys} and every count from 1 to {@code perKey}.
     */
    static void assertCounterOutputExactlyOnce(int keys, int perKey) {
        List<String> expected = new ArrayList<>();
        for (int key = 0; key < keys; key++) {
            for (int count = 1; count <= perKey; count++) {
                expected.add("counter " + key + " " + count);
            }
        }
        Map<String, Integer> duplicates = new HashMap<>();
        COMMITTED.forEach(r -> duplicates.merge(r, 1, Integer::sum));
        duplicates.values().removeIf(n -> n == 1);
        assertThat(duplicates).as("records committed more than once").isEmpty();
        assertThat(COMMITTED).containsExactlyInAnyOrderElementsOf(expected);
    }

    private transient List<String> current;
    private transient TreeMap<Long, List<String>> pending;
    private transient ListState<String> state;

    /** The egress plan: records pass {@code before} (a fault, or null), then this sink. */
    static EgressPlan plan(TypeName id, MapFunction<EgressRecord, EgressRecord> before) {
        return new Plan(id, before);
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
                        .getListState(new ListStateDescriptor<>("pending", Types.STRING));
        // A restored checkpoint completed: what it holds is committed now.
        for (String entry : state.get()) {
            int tab = entry.indexOf('\t');
            pending.computeIfAbsent(Long.parseLong(entry.substring(0, tab)), k -> new ArrayList<>())
                    .add(entry.substring(tab + 1));
        }
        commitUpTo(Long.MAX_VALUE);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        pending.put(context.getCheckpointId(), current);
        current = new ArrayList<>();
        List<String> all = new ArrayList<>();
        pending.forEach((id, records) -> records.forEach(r -> all.add(id + "\t" + r)));
        state.update(all);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        commitUpTo(checkpointId);
    }

    private void commitUpTo(long checkpointId) {
        var done = pending.headMap(checkpointId, true);
        for (Map.Entry<Long, List<String>> checkpoint : done.entrySet()) {
            if (COMMITTED_CHECKPOINTS.add(checkpoint.getKey())) {
                COMMITTED.addAll(checkpoint.getValue());
            }
        }
        done.clear();
    }

    private record Plan(TypeName id, MapFunction<EgressRecord, EgressRecord> before)
            implements EgressPlan {
        @Override
        public void attach(DataStream<EgressRecord> records) {
            DataStream<EgressRecord> stream =
                    before == null
                            ? records
                            : records.map(before).returns(records.getType()).uid("test-fault");
            stream.addSink(new CommittedSink()).uid("test-committed-egress").setParallelism(1);
        }
    }
}
