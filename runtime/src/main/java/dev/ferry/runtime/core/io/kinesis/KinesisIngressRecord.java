package dev.ferry.runtime.core.io.kinesis;

/**
 * One record as read from a Kinesis shard, before routing: where it was read and what it holds. A
 * Flink POJO (public fields, no-argument constructor) so it never travels through Kryo.
 */
public final class KinesisIngressRecord {
    public String stream;
    public String shardId;
    public String sequenceNumber;

    /** Null or empty when the record has none (Kinesis itself requires one, emulators may not). */
    public String partitionKey;

    public byte[] data;

    public KinesisIngressRecord() {}

    public KinesisIngressRecord(
            String stream,
            String shardId,
            String sequenceNumber,
            String partitionKey,
            byte[] data) {
        this.stream = stream;
        this.shardId = shardId;
        this.sequenceNumber = sequenceNumber;
        this.partitionKey = partitionKey;
        this.data = data;
    }

    /** Where the record was read, for errors and dead letters. */
    public String position() {
        return "stream " + stream + ", shard " + shardId + ", sequence number " + sequenceNumber;
    }

    @Override
    public String toString() {
        return "KinesisIngressRecord{"
                + position()
                + ", partition key "
                + partitionKey
                + ", "
                + (data == null ? 0 : data.length)
                + " bytes}";
    }
}
