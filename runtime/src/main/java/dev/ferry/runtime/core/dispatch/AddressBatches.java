package dev.ferry.runtime.core.dispatch;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.Address;
import dev.ferry.protocol.wire.ToFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;

/**
 * The per-address bookkeeping of the dispatcher: the batch in flight for each function type of an
 * address (at most one), and the messages waiting behind it. Both are in every checkpoint.
 *
 * <p>The batches in flight live on the heap and are written to operator state only when a
 * checkpoint is taken ({@link #snapshot}). Kept in keyed state they cost three RocksDB operations
 * per message (a read to test, a write to mark, a delete to clear), left a deleted entry behind for
 * every message, and gave each checkpoint one more column family to flush and sync while the task
 * waits.
 *
 * <p>The waiting messages are written behind: a message that arrives behind a batch in flight waits
 * on the heap, and only what still waits when a checkpoint is taken (or when more than {@link
 * #MAX_UNFLUSHED_BYTES} wait on the heap) is written to keyed state, one write per address. Under a
 * flood nearly every message waits a moment behind its address's batch; written one by one, read
 * back and cleared, they took about a third of the task's time in RocksDB. Keyed state, not
 * operator state, because a backlog can be large and belongs to its key group on a rescale. The
 * keyed backlog is read or cleared only for an address that may have one: messages wait only behind
 * a batch in flight, so an address without one never has a backlog.
 */
final class AddressBatches {
    /**
     * The batches in flight of every subtask, each an {@link ToFunction.InvocationBatchRequest}
     * with its target address. Union state: after a rescale each subtask keeps the addresses of its
     * own key groups.
     */
    static final ListStateDescriptor<byte[]> IN_FLIGHT =
            new ListStateDescriptor<>(
                    "ferry-in-flight-batches",
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    /**
     * Where checkpoints taken before the batches in flight moved to operator state kept them (keyed
     * state, function type to batch): read once on restore, then cleared.
     */
    static final MapStateDescriptor<String, byte[]> LEGACY_IN_FLIGHT =
            new MapStateDescriptor<>(
                    "in-flight-batches",
                    Types.STRING,
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    /**
     * The most waiting messages' bytes (serialized) kept on the heap between checkpoints: past it
     * they go to keyed state at once, so a long backlog lives in the state backend, not in the
     * heap. A message on the heap (its protobuf objects) takes several times its serialized size. A
     * bound of 8 MB gave no higher maximum than 1 MB under a 200,000-message flood (the counter
     * with address batching, the chain with and without).
     */
    static final long MAX_UNFLUSHED_BYTES = 2L << 20;

    private static final ListStateDescriptor<byte[]> BACKLOG =
            new ListStateDescriptor<>(
                    "backlog", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    /** One function type of one id: the key of the heap's bookkeeping. */
    private record Slot(String id, String functionType) {}

    private final KeyedStateBackend<String> backend;
    private final ListState<byte[]> checkpointed;
    private final Map<Slot, List<ToFunction.Invocation>> inFlight = new HashMap<>();

    /** The addresses whose backlog in keyed state may hold messages. */
    private final Set<Slot> mayHaveBacklog = new HashSet<>();

    /**
     * Messages waiting that are not in keyed state yet, per address in arrival order: all of them
     * arrived after what the address's keyed backlog holds.
     */
    private final Map<Slot, List<ToFunction.Invocation>> unflushed = new HashMap<>();

    /** The serialized size of {@link #unflushed}. */
    private long unflushedBytes;

    private final long maxUnflushedBytes;

    /**
     * Messages buffered in this task, over all keys. Not part of checkpoints: after a restore it
     * counts only what was buffered since, so the bound it feeds is a soft one.
     */
    private long buffered;

    /**
     * @param checkpointed the operator state the batches in flight are written to at a checkpoint
     *     (and were restored into), from {@link #IN_FLIGHT}
     * @param maxUnflushedBytes how many bytes of waiting messages the heap keeps between
     *     checkpoints ({@link #MAX_UNFLUSHED_BYTES}, other values for tests)
     */
    AddressBatches(
            KeyedStateBackend<String> backend,
            ListState<byte[]> checkpointed,
            long maxUnflushedBytes) {
        this.backend = backend;
        this.checkpointed = checkpointed;
        this.maxUnflushedBytes = maxUnflushedBytes;
    }

    /** Whether the current key has a batch of {@code functionType} in flight. */
    boolean hasInFlight(String functionType) {
        return inFlight.containsKey(slot(functionType));
    }

    void setInFlight(String functionType, List<ToFunction.Invocation> batch) {
        inFlight.put(slot(functionType), List.copyOf(batch));
    }

    void clearInFlight(String functionType) {
        inFlight.remove(slot(functionType));
    }

    /** Batches in flight in this task (for tests). */
    int inFlightCount() {
        return inFlight.size();
    }

    static List<ToFunction.Invocation> decode(byte[] batch) throws InvalidProtocolBufferException {
        return ToFunction.InvocationBatchRequest.parseFrom(batch).getInvocationsList();
    }

    void enqueue(String functionType, ToFunction.Invocation invocation) throws Exception {
        unflushed.computeIfAbsent(slot(functionType), waiting -> new ArrayList<>()).add(invocation);
        unflushedBytes += invocation.getSerializedSize();
        buffered++;
        if (unflushedBytes > maxUnflushedBytes) {
            flush();
        }
    }

    long buffered() {
        return buffered;
    }

    /** Takes the whole backlog of a function type, in arrival order. */
    List<ToFunction.Invocation> takeBacklog(String functionType) throws Exception {
        Slot slot = slot(functionType);
        List<ToFunction.Invocation> newer = takeUnflushed(slot);
        if (!mayHaveBacklog.remove(slot)) {
            if (newer.isEmpty()) {
                return List.of();
            }
            buffered = Math.max(0, buffered - newer.size());
            return newer;
        }
        ListState<byte[]> backlog = backlog(functionType);
        List<ToFunction.Invocation> waiting = new ArrayList<>();
        Iterable<byte[]> entries = backlog.get();
        if (entries != null) {
            for (byte[] entry : entries) {
                waiting.add(ToFunction.Invocation.parseFrom(entry));
            }
        }
        backlog.clear();
        waiting.addAll(newer);
        buffered = Math.max(0, buffered - waiting.size());
        return waiting;
    }

    private List<ToFunction.Invocation> takeUnflushed(Slot slot) {
        List<ToFunction.Invocation> waiting = unflushed.remove(slot);
        if (waiting == null) {
            return List.of();
        }
        for (ToFunction.Invocation invocation : waiting) {
            unflushedBytes -= invocation.getSerializedSize();
        }
        return waiting;
    }

    /** Puts messages back at the head of the backlog (the part of a batch that did not fit). */
    void returnToBacklog(String functionType, List<ToFunction.Invocation> rest) throws Exception {
        // Rare (a batch larger than one request), so simply: everything of the address goes back
        // to the heap, the returned messages first.
        List<ToFunction.Invocation> all = new ArrayList<>(rest);
        all.addAll(takeBacklog(functionType));
        // takeBacklog counted its part off: net, only the returned messages are added.
        buffered += all.size();
        if (all.isEmpty()) {
            return;
        }
        unflushed.put(slot(functionType), all);
        for (ToFunction.Invocation invocation : all) {
            unflushedBytes += invocation.getSerializedSize();
        }
        if (unflushedBytes > maxUnflushedBytes) {
            flush();
        }
    }

    /**
     * Writes the waiting messages that are only on the heap to keyed state, one write per address.
     * Moves the key, and puts it back.
     */
    private void flush() throws Exception {
        if (unflushed.isEmpty()) {
            return;
        }
        String key = backend.getCurrentKey();
        for (Map.Entry<Slot, List<ToFunction.Invocation>> entry : unflushed.entrySet()) {
            Slot slot = entry.getKey();
            List<byte[]> entries = new ArrayList<>(entry.getValue().size());
            for (ToFunction.Invocation invocation : entry.getValue()) {
                entries.add(invocation.toByteArray());
            }
            backend.setCurrentKey(slot.id());
            backlog(slot.functionType()).addAll(entries);
            mayHaveBacklog.add(slot);
        }
        unflushed.clear();
        unflushedBytes = 0;
        if (key != null) {
            backend.setCurrentKey(key);
        }
    }

    /** Writes the batches in flight and the waiting messages into the checkpoint being taken. */
    void snapshot() throws Exception {
        flush();
        List<byte[]> entries = new ArrayList<>(inFlight.size());
        for (Map.Entry<Slot, List<ToFunction.Invocation>> entry : inFlight.entrySet()) {
            TypeName type = TypeName.parse(entry.getKey().functionType());
            entries.add(
                    ToFunction.InvocationBatchRequest.newBuilder()
                            .setTarget(
                                    Address.newBuilder()
                                            .setNamespace(type.namespace())
                                            .setType(type.name())
                                            .setId(entry.getKey().id()))
                            .addAllInvocations(entry.getValue())
                            .build()
                            .toByteArray());
        }
        checkpointed.update(entries);
    }

    /** A restored batch in flight: re-sent after a restore, its reply never having been applied. */
    record Restored(FunctionAddress address, List<ToFunction.Invocation> batch) {}

    /**
     * The batches that were in flight at the restored checkpoint for the key groups of this subtask
     * (every subtask's are restored into each).
     */
    List<Restored> restoredInFlight(KeyGroupRange keyGroups, int maxParallelism) throws Exception {
        List<Restored> restored = new ArrayList<>();
        Iterable<byte[]> entries = checkpointed.get();
        if (entries == null) {
            return restored;
        }
        for (byte[] entry : entries) {
            ToFunction.InvocationBatchRequest batch =
                    ToFunction.InvocationBatchRequest.parseFrom(entry);
            String id = batch.getTarget().getId();
            if (keyGroups.contains(KeyGroupRangeAssignment.assignToKeyGroup(id, maxParallelism))) {
                restored.add(
                        new Restored(
                                FunctionAddress.fromProto(batch.getTarget()),
                                batch.getInvocationsList()));
            }
        }
        return restored;
    }

    /**
     * Marks that the current key's address may have messages waiting: a restored batch in flight
     * comes back with the backlog the checkpoint kept behind it.
     */
    void backlogMayBeWaiting(String functionType) {
        mayHaveBacklog.add(slot(functionType));
    }

    private Slot slot(String functionType) {
        return new Slot(backend.getCurrentKey(), functionType);
    }

    private ListState<byte[]> backlog(String functionType) throws Exception {
        return backend.getPartitionedState(functionType, StringSerializer.INSTANCE, BACKLOG);
    }
}
