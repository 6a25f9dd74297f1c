package dev.ferry.runtime.core.io.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.protocol.wire.KinesisEgressRecord;
import dev.ferry.runtime.core.message.EgressRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import org.junit.jupiter.api.Test;

/** What the Kinesis egress writes for each record functions (and ingresses) send it. */
class EgressRecordDecoderTest {
    private static final TypeName EGRESS = TypeName.parse("k/out");

    @Test
    void aKinesisEgressRecordBecomesAnEntryWithItsExplicitHashKey() {
        KinesisEgressRecord record =
                new EgressRecordDecoder(EGRESS, null)
                        .decode(
                                egress(
                                        KinesisEgressRecord.newBuilder()
                                                .setStream("s")
                                                .setPartitionKey("p")
                                                .setExplicitHashKey("42")
                                                .setValueBytes(ByteString.copyFromUtf8("v"))));
        assertThat(record.getStream()).isEqualTo("s");
        PutRecordsRequestEntry entry = new KinesisEgressWriter.EntryConverter().apply(record, null);
        assertThat(entry.partitionKey()).isEqualTo("p");
        assertThat(entry.explicitHashKey()).isEqualTo("42");
        assertThat(entry.data().asUtf8String()).isEqualTo("v");

        PutRecordsRequestEntry noHashKey =
                new KinesisEgressWriter.EntryConverter()
                        .apply(record.toBuilder().clearExplicitHashKey().build(), null);
        assertThat(noHashKey.explicitHashKey()).isNull();
    }

    @Test
    void recordsItCannotWriteFailWithTheEgressAndTheReason() {
        EgressRecordDecoder decoder = new EgressRecordDecoder(EGRESS, null);
        assertThatThrownBy(
                        () ->
                                decoder.decode(
                                        new EgressRecord(
                                                EGRESS,
                                                WellKnownTypes.STRING,
                                                PrimitiveCodecs.encodeString("x"))))
                .hasMessageContaining("Kinesis egress k/out received a value of type")
                .hasMessageContaining(WellKnownTypes.KINESIS_EGRESS_RECORD);
        assertThatThrownBy(
                        () ->
                                decoder.decode(
                                        egress(KinesisEgressRecord.newBuilder().setStream("s"))))
                .hasMessageContaining("without a partition key");
        assertThatThrownBy(
                        () ->
                                decoder.decode(
                                        egress(
                                                KinesisEgressRecord.newBuilder()
                                                        .setPartitionKey("p"))))
                .hasMessageContaining("without a stream");
        assertThatThrownBy(
                        () ->
                                decoder.decode(
                                        new EgressRecord(
                                                EGRESS, "ferry.types/bad-record", new byte[] {1})))
                .hasMessageContaining("has no deadLetterStream");
    }

    @Test
    void deadLettersGoToTheDeadLetterStream() {
        byte[] json = "{\"reason\":\"r\"}".getBytes(StandardCharsets.UTF_8);
        KinesisEgressRecord record =
                new EgressRecordDecoder(EGRESS, "dead")
                        .decode(new EgressRecord(EGRESS, "ferry.types/dead-letter", json));
        assertThat(record.getStream()).isEqualTo("dead");
        assertThat(record.getPartitionKey()).isNotEmpty();
        assertThat(record.getValueBytes().toByteArray()).isEqualTo(json);
    }

    private static EgressRecord egress(KinesisEgressRecord.Builder record) {
        return new EgressRecord(
                EGRESS, WellKnownTypes.KINESIS_EGRESS_RECORD, record.build().toByteArray());
    }
}
