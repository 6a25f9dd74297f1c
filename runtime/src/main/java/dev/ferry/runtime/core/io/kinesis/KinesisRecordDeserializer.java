package dev.ferry.runtime.core.io.kinesis;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;

/** Keeps every record as it was read, with its stream, shard and sequence number. */
public final class KinesisRecordDeserializer
        implements KinesisDeserializationSchema<KinesisIngressRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public KinesisIngressRecord deserialize(
            byte[] data,
            String partitionKey,
            String sequenceNumber,
            long approximateArrivalTimestamp,
            String stream,
            String shardId) {
        return new KinesisIngressRecord(stream, shardId, sequenceNumber, partitionKey, data);
    }

    @Override
    public TypeInformation<KinesisIngressRecord> getProducedType() {
        return TypeInformation.of(KinesisIngressRecord.class);
    }
}
