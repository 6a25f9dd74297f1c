package dev.ferry.runtime.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One Kafka record on its way from the source to the ingress router, with its position (so a bad
 * record can be named) and its W3C trace context headers, if any. A Flink POJO: public fields and a
 * no-argument constructor.
 */
public final class KafkaIngressRecord {
    public String topic;
    public int partition;
    public long offset;

    /** The record key, or null. */
    public byte[] key;

    /** The record value, or null (a tombstone). */
    public byte[] value;

    /** The record's W3C {@code traceparent} header (the last one), or null. */
    public String traceParent;

    /** The record's W3C {@code tracestate} header (the last one), or null. */
    public String traceState;

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
        private static final String TRACEPARENT = "traceparent";
        private static final String TRACESTATE = "tracestate";

        @Override
        public void deserialize(
                ConsumerRecord<byte[], byte[]> record, Collector<KafkaIngressRecord> out)
                throws IOException {
            KafkaIngressRecord ingress =
                    new KafkaIngressRecord(
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            record.key(),
                            record.value());
            ingress.traceParent = header(record, TRACEPARENT);
            if (ingress.traceParent != null) {
                ingress.traceState = header(record, TRACESTATE);
            }
            out.collect(ingress);
        }

        private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
            Header header = record.headers().lastHeader(name);
            return header == null || header.value() == null
                    ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }

        @Override
        public TypeInformation<KafkaIngressRecord> getProducedType() {
            return TypeInformation.of(KafkaIngressRecord.class);
        }
    }
}
