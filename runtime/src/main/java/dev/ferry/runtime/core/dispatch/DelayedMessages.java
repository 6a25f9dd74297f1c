package dev.ferry.runtime.core.dispatch;

import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.core.message.EnvelopeSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.InternalTimerService;

/**
 * Messages sent with a delay: a processing-time timer in the sender's key scope, the messages
 * buffered in keyed state under their due time, and an index of cancellation tokens per sender.
 * Cancellation is best effort: an unknown or delivered token is ignored; a token still pending
 * cannot be used again.
 */
final class DelayedMessages {
    private final KeyedStateBackend<?> backend;
    private final InternalTimerService<VoidNamespace> timers;
    private final ListStateDescriptor<byte[]> bufferDescriptor =
            new ListStateDescriptor<>(
                    "delayed-messages", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    private final MapState<String, Long> tokens;

    DelayedMessages(KeyedStateBackend<?> backend, InternalTimerService<VoidNamespace> timers)
            throws Exception {
        this.backend = backend;
        this.timers = timers;
        this.tokens =
                backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new MapStateDescriptor<>(
                                "delayed-message-tokens", Types.STRING, Types.LONG));
    }

    /** Schedules {@code envelope} at {@code dueTime}, in the current (sender's) key scope. */
    void schedule(long dueTime, String token, Envelope envelope) throws Exception {
        if (!token.isEmpty()) {
            Long pending = tokens.get(token);
            if (pending != null) {
                throw new IllegalStateException(
                        "cancellation token '"
                                + token
                                + "' of "
                                + envelope.caller()
                                + " is still pending (due at "
                                + pending
                                + "); a token can be reused only after its message was delivered or cancelled");
            }
            tokens.put(token, dueTime);
        }
        buffer(dueTime).add(encode(token, envelope));
        timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, dueTime);
    }

    /** Cancels the pending message with {@code token}, if any. */
    void cancel(String token) throws Exception {
        Long dueTime = tokens.get(token);
        if (dueTime == null) {
            return;
        }
        tokens.remove(token);
        ListState<byte[]> buffer = buffer(dueTime);
        List<byte[]> kept = new ArrayList<>();
        for (byte[] entry : buffer.get()) {
            if (!tokenOf(entry).equals(token)) {
                kept.add(entry);
            }
        }
        if (kept.isEmpty()) {
            buffer.clear();
            timers.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, dueTime);
        } else {
            buffer.update(kept);
        }
    }

    /** The messages due at {@code dueTime} in the current key scope, removed from the buffer. */
    List<Envelope> takeDue(long dueTime) throws Exception {
        ListState<byte[]> buffer = buffer(dueTime);
        List<Envelope> due = new ArrayList<>();
        Iterable<byte[]> entries = buffer.get();
        if (entries != null) {
            for (byte[] entry : entries) {
                DataInputDeserializer in = new DataInputDeserializer(entry);
                String token = in.readUTF();
                if (!token.isEmpty()) {
                    tokens.remove(token);
                }
                due.add(EnvelopeSerializer.INSTANCE.deserialize(in));
            }
        }
        buffer.clear();
        return due;
    }

    private ListState<byte[]> buffer(long dueTime) throws Exception {
        return backend.getPartitionedState(dueTime, LongSerializer.INSTANCE, bufferDescriptor);
    }

    private static byte[] encode(String token, Envelope envelope) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64 + envelope.value().length);
        out.writeUTF(token);
        EnvelopeSerializer.INSTANCE.serialize(envelope, out);
        return out.getCopyOfBuffer();
    }

    private static String tokenOf(byte[] entry) throws IOException {
        return new DataInputDeserializer(entry).readUTF();
    }
}
