package dev.ferry.runtime.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

/** Round trips of the two message serializers the job uses on every network edge and in state. */
class EnvelopeSerializerTest {
    private static final FunctionAddress TARGET = FunctionAddress.of("ns", "counter", "key-ü");
    private static final FunctionAddress CALLER = FunctionAddress.of("ns", "greeter", "");

    @Test
    void envelopeWithCallerSurvivesARoundTrip() throws IOException {
        Envelope envelope =
                new Envelope(TARGET, CALLER, "io.statefun.types/long", new byte[] {9, 1, 0, 7});
        assertRoundTrip(EnvelopeSerializer.INSTANCE, envelope);
    }

    @Test
    void envelopeFromAnIngressHasNoCallerAndMayBeEmpty() throws IOException {
        Envelope envelope = new Envelope(TARGET, null, "io.statefun.types/long", new byte[0]);
        Envelope back = assertRoundTrip(EnvelopeSerializer.INSTANCE, envelope);
        assertThat(back.caller()).isNull();
        assertThat(back.key()).isEqualTo("key-ü");
    }

    @Test
    void envelopeWithATraceContextSurvivesARoundTrip() throws IOException {
        String parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        assertRoundTrip(
                EnvelopeSerializer.INSTANCE,
                new Envelope(TARGET, CALLER, "t/x", new byte[] {1}, parent, "vendor=1"));
        Envelope back =
                assertRoundTrip(
                        EnvelopeSerializer.INSTANCE,
                        new Envelope(TARGET, null, "t/x", new byte[] {1}, parent, null));
        assertThat(back.traceParent()).isEqualTo(parent);
        assertThat(back.traceState()).isNull();
    }

    @Test
    void envelopeWithoutATraceContextKeepsTheLayoutBeforeTraceContexts() throws IOException {
        // The layout state was written with before trace contexts: a caller boolean, no trace.
        DataOutputSerializer before = new DataOutputSerializer(64);
        EnvelopeSerializer.writeAddress(TARGET, before);
        before.writeBoolean(true);
        EnvelopeSerializer.writeAddress(CALLER, before);
        StringValue.writeString("t/x", before);
        before.writeInt(2);
        before.write(new byte[] {4, 2});
        Envelope envelope = new Envelope(TARGET, CALLER, "t/x", new byte[] {4, 2});

        assertThat(
                        EnvelopeSerializer.INSTANCE.deserialize(
                                new DataInputDeserializer(before.getCopyOfBuffer())))
                .isEqualTo(envelope);
        DataOutputSerializer now = new DataOutputSerializer(64);
        EnvelopeSerializer.INSTANCE.serialize(envelope, now);
        assertThat(now.getCopyOfBuffer()).isEqualTo(before.getCopyOfBuffer());
    }

    @Test
    void egressRecordSurvivesARoundTrip() throws IOException {
        EgressRecord record =
                new EgressRecord(
                        TypeName.parse("ns/out"),
                        "io.statefun.types/string",
                        "hello".getBytes(StandardCharsets.UTF_8));
        assertRoundTrip(EgressRecordSerializer.INSTANCE, record);
    }

    @Test
    void snapshotsRestoreTheSameSerializerAsCompatible() throws IOException {
        assertSnapshotRestores(EnvelopeSerializer.INSTANCE);
        assertSnapshotRestores(EgressRecordSerializer.INSTANCE);
    }

    /** serialize/deserialize, copy(view, view) and copy(value) all give back an equal value. */
    private static <T> T assertRoundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        serializer.serialize(value, out);
        byte[] bytes = out.getCopyOfBuffer();

        DataInputDeserializer in = new DataInputDeserializer(bytes);
        T first = serializer.deserialize(in);
        T second = serializer.deserialize(in);
        assertThat(first).isEqualTo(value);
        assertThat(second).isEqualTo(value);
        assertThat(in.available()).as("nothing left unread").isZero();

        DataOutputSerializer copied = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(bytes), copied);
        serializer.copy(
                new DataInputDeserializer(bytes, bytes.length / 2, bytes.length / 2), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(bytes);

        assertThat(serializer.copy(value)).isEqualTo(value);
        assertThat(serializer.duplicate().deserialize(new DataInputDeserializer(bytes)))
                .isEqualTo(value);
        return first;
    }

    private static <T> void assertSnapshotRestores(TypeSerializer<T> serializer)
            throws IOException {
        TypeSerializerSnapshot<T> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        snapshot.writeSnapshot(out);
        TypeSerializerSnapshot<T> read = snapshot.getClass().cast(newSnapshot(snapshot));
        read.readSnapshot(
                snapshot.getCurrentVersion(),
                new DataInputDeserializer(out.getCopyOfBuffer()),
                EnvelopeSerializerTest.class.getClassLoader());
        assertThat(read.restoreSerializer()).isSameAs(serializer);
        TypeSerializerSchemaCompatibility<T> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }

    private static TypeSerializerSnapshot<?> newSnapshot(TypeSerializerSnapshot<?> snapshot) {
        try {
            return snapshot.getClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("a serializer snapshot needs a public no-arg constructor", e);
        }
    }
}
