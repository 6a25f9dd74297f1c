package dev.ferry.runtime.core.message;

import dev.ferry.protocol.TypeName;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/** Serializer for {@link EgressRecord}: egress id, type name, value length and bytes. */
public final class EgressRecordSerializer extends TypeSerializerSingleton<EgressRecord> {
    private static final long serialVersionUID = 1L;

    public static final EgressRecordSerializer INSTANCE = new EgressRecordSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public EgressRecord createInstance() {
        return new EgressRecord(new TypeName("ferry", "none"), "", new byte[0]);
    }

    @Override
    public EgressRecord copy(EgressRecord from) {
        return from;
    }

    @Override
    public EgressRecord copy(EgressRecord from, EgressRecord reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(EgressRecord record, DataOutputView target) throws IOException {
        StringValue.writeString(record.egressId().namespace(), target);
        StringValue.writeString(record.egressId().name(), target);
        StringValue.writeString(record.typename(), target);
        target.writeInt(record.value().length);
        target.write(record.value());
    }

    @Override
    public EgressRecord deserialize(DataInputView source) throws IOException {
        TypeName egressId =
                new TypeName(StringValue.readString(source), StringValue.readString(source));
        String typename = StringValue.readString(source);
        byte[] value = new byte[source.readInt()];
        source.readFully(value);
        return new EgressRecord(egressId, typename, value);
    }

    @Override
    public EgressRecord deserialize(EgressRecord reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<EgressRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for a stateless serializer singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EgressRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
