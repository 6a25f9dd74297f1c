package dev.ferry.runtime.core.io;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One Kafka record on its way from the source to the ingress router, with its position (so a bad
 * record can be named). A Flink POJO: public fields and a no-argument constructor.
 */
public final class KafkaIngressRecord {
    public String topic;
    public int partition;
    public long offset;

    /** The record key, or null. */
    public byte[] key;

    /** The record value, or null (a tombstone). */
    public byte[] value;

    public KafkaIngressRecord() {}

    public KafkaIngressRecord(String topic, int partition, long offset, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
    }

    /** The source's deserializer: keeps the raw bytes and the position, decodes nothing. */
    public static KafkaRecordDeserializationSchema<KafkaIngressRecord> deserializer() {
        return new Deserializer();
    }

    private static final class Deserializer
            implements KafkaRecordDeserializationSchema<KafkaIngressRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(
                ConsumerRecord<byte[], byte[]> record, Collector<KafkaIngressRecord> out)
                throws IOException {
            out.collect(
                    new KafkaIngressRecord(
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            record.key(),
                            record.value()));
        }

        @Override
        public TypeInformation<KafkaIngressRecord> getProducedType() {
            return TypeInformation.of(KafkaIngressRecord.class);
        }
    }
}
