package org.apache.flink.connector.kinesis.sink;

import java.util.Properties;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Builds a {@link KinesisStreamsSink} with an element converter of our own. The connector's builder
 * accepts only a serialization schema and a partition key generator, which cannot set the explicit
 * hash key a {@code KinesisEgressRecord} may carry; its constructor is package-private, hence this
 * class in the connector's package.
 */
public final class KinesisStreamsSinks {
    private KinesisStreamsSinks() {}

    public static <T> KinesisStreamsSink<T> create(
            ElementConverter<T, PutRecordsRequestEntry> converter,
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            long maxBatchSizeInBytes,
            long maxTimeInBufferMs,
            long maxRecordSizeInBytes,
            String streamName,
            Properties clientProperties) {
        return new KinesisStreamsSink<>(
                converter,
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBufferMs,
                maxRecordSizeInBytes,
                false,
                streamName,
                null,
                clientProperties);
    }
}
