package dev.ferry.runtime.core.dispatch;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.protocol.wire.ToFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

/**
 * The per-address bookkeeping of the dispatcher, all in keyed state so that it is part of every
 * checkpoint: the batch in flight for each function type of the current key (at most one), and the
 * messages waiting behind it.
 */
final class AddressBatches {
    static final MapStateDescriptor<String, byte[]> IN_FLIGHT =
            new MapStateDescriptor<>(
                    "in-flight-batches",
                    Types.STRING,
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    private static final ListStateDescriptor<byte[]> BACKLOG =
            new ListStateDescriptor<>(
                    "backlog", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    private final KeyedStateBackend<String> backend;
    private final MapState<String, byte[]> inFlight;

    /**
     * Messages buffered in this task, over all keys. Not part of checkpoints: after a restore it
     * counts only what was buffered since, so the bound it feeds is a soft one.
     */
    private long buffered;

    AddressBatches(KeyedStateBackend<String> backend) throws Exception {
        this.backend = backend;
        this.inFlight =
                backend.getPartitionedState(
                        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, IN_FLIGHT);
    }

    boolean hasInFlight(String functionType) throws Exception {
        return inFlight.contains(functionType);
    }

    void setInFlight(String functionType, List<ToFunction.Invocation> batch) throws Exception {
        ToFunction.InvocationBatchRequest.Builder holder =
                ToFunction.InvocationBatchRequest.newBuilder();
        holder.addAllInvocations(batch);
        inFlight.put(functionType, holder.build().toByteArray());
    }

    void clearInFlight(String functionType) throws Exception {
        inFlight.remove(functionType);
    }

    static List<ToFunction.Invocation> decode(byte[] batch) throws InvalidProtocolBufferException {
        return ToFunction.InvocationBatchRequest.parseFrom(batch).getInvocationsList();
    }

    void enqueue(String functionType, ToFunction.Invocation invocation) throws Exception {
        backlog(functionType).add(invocation.toByteArray());
        buffered++;
    }

    long buffered() {
        return buffered;
    }

    /** Takes the whole backlog of a function type, in arrival order. */
    List<ToFunction.Invocation> takeBacklog(String functionType) throws Exception {
        ListState<byte[]> backlog = backlog(functionType);
        List<ToFunction.Invocation> waiting = new ArrayList<>();
        Iterable<byte[]> entries = backlog.get();
        if (entries != null) {
            for (byte[] entry : entries) {
                waiting.add(ToFunction.Invocation.parseFrom(entry));
            }
        }
        backlog.clear();
        buffered = Math.max(0, buffered - waiting.size());
        return waiting;
    }

    /** Puts messages back at the head of the backlog (the part of a batch that did not fit). */
    void returnToBacklog(String functionType, List<ToFunction.Invocation> rest) throws Exception {
        ListState<byte[]> backlog = backlog(functionType);
        List<byte[]> all = new ArrayList<>();
        rest.forEach(invocation -> all.add(invocation.toByteArray()));
        buffered += rest.size();
        Iterable<byte[]> newer = backlog.get();
        if (newer != null) {
            newer.forEach(all::add);
        }
        backlog.update(all);
    }

    private ListState<byte[]> backlog(String functionType) throws Exception {
        return backend.getPartitionedState(functionType, StringSerializer.INSTANCE, BACKLOG);
    }
}
