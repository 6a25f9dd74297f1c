package dev.ferry.runtime.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.protocol.wire.KafkaProducerRecord;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.module.BadRecordPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaEgressSerializerTest {
    private static final TypeName EGRESS = TypeName.parse("app/out");

    private final KafkaEgressSerializer serializer = new KafkaEgressSerializer(EGRESS, "dlq");

    @Test
    void aProducerRecordGoesToItsTopicWithItsKeyAndValue() {
        ProducerRecord<byte[], byte[]> record =
                serializer.serialize(kafka("k1", "orders", "v"), null, null);
        assertThat(record.topic()).isEqualTo("orders");
        assertThat(record.key()).isEqualTo("k1".getBytes(StandardCharsets.UTF_8));
        assertThat(record.value()).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyKeyMeansNoKey() {
        assertThat(serializer.serialize(kafka("", "orders", "v"), null, null).key()).isNull();
    }

    @Test
    void aRecordWithoutATopicIsRefused() {
        assertThatThrownBy(() -> serializer.serialize(kafka("k", "", "v"), null, null))
                .hasMessageContaining("app/out")
                .hasMessageContaining("without a topic");
    }

    @Test
    void deadLettersGoToTheDeadLetterTopicWithoutAKey() {
        EgressRecord letter =
                BadRecords.deadLetter(
                        EGRESS,
                        TypeName.parse("app/in"),
                        BadRecords.kafkaOrigin("in", 2, 7),
                        "the record has no key",
                        null,
                        new byte[] {1});
        ProducerRecord<byte[], byte[]> record = serializer.serialize(letter, null, null);
        assertThat(record.topic()).isEqualTo("dlq");
        assertThat(record.key()).isNull();
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"ingress\":\"app/in\",\"topic\":\"in\",\"partition\":2,\"offset\":7,"
                                + "\"reason\":\"the record has no key\",\"value\":\"AQ==\"}");

        EgressRecord functionLetter =
                new EgressRecord(EGRESS, "ferry.types/dead-letter", "{}".getBytes());
        assertThat(serializer.serialize(functionLetter, null, null).topic()).isEqualTo("dlq");
    }

    @Test
    void aDeadLetterWithoutADeadLetterTopicFailsClearly() {
        KafkaEgressSerializer noTopic = new KafkaEgressSerializer(EGRESS, null);
        EgressRecord letter =
                BadRecords.deadLetter(EGRESS, EGRESS, Map.of(), "r", null, new byte[0]);
        assertThatThrownBy(() -> noTopic.serialize(letter, null, null))
                .hasMessageContaining("no deadLetterTopic");
    }

    @Test
    void anyOtherTypeFailsNamingIt() {
        EgressRecord record = new EgressRecord(EGRESS, WellKnownTypes.STRING, new byte[0]);
        assertThatThrownBy(() -> serializer.serialize(record, null, null))
                .hasMessageContaining("accepts " + WellKnownTypes.KAFKA_PRODUCER_RECORD)
                .hasMessageContaining("sent " + WellKnownTypes.STRING);
    }

    @Test
    void primitiveValuesAreChecked() {
        assertThat(BadRecords.check(WellKnownTypes.INT, new byte[] {0x0D, 1, 0, 0, 0})).isNull();
        assertThat(BadRecords.check(WellKnownTypes.INT, new byte[0])).isNull();
        assertThat(BadRecords.check(WellKnownTypes.INT, new byte[] {0x0D, 1}))
                .contains("not a valid io.statefun.types/int");
        assertThat(BadRecords.check(WellKnownTypes.STRING, "plain".getBytes()))
                .contains("not a valid io.statefun.types/string");
        assertThat(BadRecords.check("com.example/User", new byte[] {(byte) 0xFF})).isNull();
        assertThat(BadRecordPolicy.fail().onBadRecord()).isEqualTo(BadRecordPolicy.Action.FAIL);
    }

    private static EgressRecord kafka(String key, String topic, String value) {
        return new EgressRecord(
                EGRESS,
                WellKnownTypes.KAFKA_PRODUCER_RECORD,
                KafkaProducerRecord.newBuilder()
                        .setKey(key)
                        .setTopic(topic)
                        .setValueBytes(ByteString.copyFromUtf8(value))
                        .build()
                        .toByteArray());
    }
}
