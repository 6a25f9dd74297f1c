package dev.ferry.runtime.core.message;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * A compact hand-rolled serializer for {@link Envelope}: envelopes cross the network on every
 * shuffle and are logged in checkpoints, so Kryo's generic path is too slow and too fragile.
 *
 * <p>Layout: target (namespace, name, id), a flags byte, the caller (flag 1), the W3C {@code
 * traceparent} (flag 2) and {@code tracestate} (flag 4), type name, value length and bytes. The
 * flags byte was a caller boolean (0 or 1) before trace contexts: state written then reads the
 * same, and an envelope without a trace context is written byte for byte as then, so it costs
 * nothing. Changing the layout otherwise breaks savepoints: bump the snapshot version and keep a
 * reader for the old one.
 */
public final class EnvelopeSerializer extends TypeSerializerSingleton<Envelope> {
    private static final long serialVersionUID = 1L;

    public static final EnvelopeSerializer INSTANCE = new EnvelopeSerializer();

    private static final byte[] EMPTY = new byte[0];

    private static final int HAS_CALLER = 1;
    private static final int HAS_TRACE_PARENT = 2;
    private static final int HAS_TRACE_STATE = 4;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public Envelope createInstance() {
        return new Envelope(FunctionAddress.of("ferry", "none", ""), null, "", EMPTY);
    }

    @Override
    public Envelope copy(Envelope from) {
        return from;
    }

    @Override
    public Envelope copy(Envelope from, Envelope reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Envelope record, DataOutputView target) throws IOException {
        writeAddress(record.target(), target);
        FunctionAddress caller = record.caller();
        String traceParent = record.traceParent();
        String traceState = record.traceState();
        target.writeByte(
                (caller != null ? HAS_CALLER : 0)
                        | (traceParent != null ? HAS_TRACE_PARENT : 0)
                        | (traceState != null ? HAS_TRACE_STATE : 0));
        if (caller != null) {
            writeAddress(caller, target);
        }
        if (traceParent != null) {
            StringValue.writeString(traceParent, target);
        }
        if (traceState != null) {
            StringValue.writeString(traceState, target);
        }
        StringValue.writeString(record.typename(), target);
        byte[] value = record.value();
        target.writeInt(value.length);
        target.write(value);
    }

    @Override
    public Envelope deserialize(DataInputView source) throws IOException {
        FunctionAddress target = readAddress(source);
        int flags = source.readUnsignedByte();
        FunctionAddress caller = (flags & HAS_CALLER) != 0 ? readAddress(source) : null;
        String traceParent =
                (flags & HAS_TRACE_PARENT) != 0 ? StringValue.readString(source) : null;
        String traceState = (flags & HAS_TRACE_STATE) != 0 ? StringValue.readString(source) : null;
        String typename = StringValue.readString(source);
        byte[] value = new byte[source.readInt()];
        source.readFully(value);
        return new Envelope(target, caller, typename, value, traceParent, traceState);
    }

    @Override
    public Envelope deserialize(Envelope reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    static void writeAddress(FunctionAddress address, DataOutputView out) throws IOException {
        StringValue.writeString(address.type().namespace(), out);
        StringValue.writeString(address.type().name(), out);
        StringValue.writeString(address.id(), out);
    }

    static FunctionAddress readAddress(DataInputView in) throws IOException {
        String namespace = StringValue.readString(in);
        String name = StringValue.readString(in);
        String id = StringValue.readString(in);
        return new FunctionAddress(new TypeName(namespace, name), id);
    }

    @Override
    public TypeSerializerSnapshot<Envelope> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for a stateless serializer singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Envelope> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
