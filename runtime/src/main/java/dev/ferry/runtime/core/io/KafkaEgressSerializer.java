package dev.ferry.runtime.core.io;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.protocol.wire.KafkaProducerRecord;
import dev.ferry.runtime.core.message.DeadLetterTypes;
import dev.ferry.runtime.core.message.EgressRecord;
import java.nio.charset.StandardCharsets;
import javax.annotation.Nullable;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns what functions send a Kafka egress into producer records: a {@code KafkaProducerRecord}
 * goes to its topic, keyed by its key (an empty key means no key), with its value bytes. Dead
 * letters (of endpoints and ingresses) go to the egress's dead-letter topic as JSON without a key.
 * Anything else is a programming error in a function and fails the job, as in StateFun.
 */
public final class KafkaEgressSerializer implements KafkaRecordSerializationSchema<EgressRecord> {
    private static final long serialVersionUID = 1L;

    private final TypeName egress;
    @Nullable private final String deadLetterTopic;

    public KafkaEgressSerializer(TypeName egress, @Nullable String deadLetterTopic) {
        this.egress = egress;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            EgressRecord record, KafkaSinkContext context, Long timestamp) {
        String type = record.typename();
        if (type.equals(WellKnownTypes.KAFKA_PRODUCER_RECORD)) {
            KafkaProducerRecord kafka;
            try {
                kafka = KafkaProducerRecord.parseFrom(record.value());
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException(
                        "egress " + egress + " received a malformed KafkaProducerRecord", e);
            }
            if (kafka.getTopic().isEmpty()) {
                throw new IllegalArgumentException(
                        "egress " + egress + " received a KafkaProducerRecord without a topic");
            }
            byte[] key =
                    kafka.getKey().isEmpty()
                            ? null
                            : kafka.getKey().getBytes(StandardCharsets.UTF_8);
            return new ProducerRecord<>(kafka.getTopic(), key, kafka.getValueBytes().toByteArray());
        }
        if (DeadLetterTypes.isDeadLetter(type)) {
            if (deadLetterTopic == null) {
                throw new IllegalStateException(
                        "egress "
                                + egress
                                + " received a dead letter but has no deadLetterTopic to write it to");
            }
            return new ProducerRecord<>(deadLetterTopic, null, record.value());
        }
        throw new IllegalArgumentException(
                "egress "
                        + egress
                        + " accepts "
                        + WellKnownTypes.KAFKA_PRODUCER_RECORD
                        + " values only, but a function sent "
                        + type);
    }
}
