package dev.ferry.runtime.core.io.kinesis;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.EgressRecord;
import java.io.IOException;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * {@code io.statefun.kinesis.v1/egress}: writes each {@code KinesisEgressRecord} to the stream it
 * names, through one Kinesis Streams sink writer per stream (the connector's sink writes to one
 * stream). Every checkpoint waits until all records before its barrier are acknowledged, so the
 * egress is at-least-once: after a recovery, records sent since the last checkpoint are sent again.
 *
 * <p>Dead letters ({@code ferry.types/bad-record} from ingresses, {@code ferry.types/dead-letter}
 * from endpoints) are written as JSON to the egress's dead-letter stream, when it has one.
 */
public final class KinesisEgressSink implements Sink<EgressRecord> {
    private static final long serialVersionUID = 1L;

    private final TypeName egressId;
    private final String deadLetterStream;
    private final Properties clientProperties;
    private final Settings settings;

    /**
     * How the writers batch: records per PutRecords call, requests in flight, records buffered
     * before the writer blocks (StateFun's {@code maxOutstandingRecords}) and the longest a record
     * waits in the buffer.
     */
    public record Settings(
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            long maxTimeInBufferMs)
            implements java.io.Serializable {
        /** The PutRecords limit. */
        public static final int MAX_BATCH_SIZE = 500;

        public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 50;
        public static final long DEFAULT_MAX_TIME_IN_BUFFER_MS = 100;

        /** Settings for a buffer of {@code maxOutstandingRecords} records. */
        public static Settings forOutstanding(int maxOutstandingRecords) {
            // The sink needs more buffered records than one batch holds.
            int batch = Math.max(1, Math.min(MAX_BATCH_SIZE, maxOutstandingRecords - 1));
            return new Settings(
                    batch,
                    DEFAULT_MAX_IN_FLIGHT_REQUESTS,
                    Math.max(maxOutstandingRecords, batch + 1),
                    DEFAULT_MAX_TIME_IN_BUFFER_MS);
        }
    }

    /**
     * @param deadLetterStream the stream dead letters go to, or null when they fail the job
     */
    public KinesisEgressSink(
            TypeName egressId,
            String deadLetterStream,
            Properties clientProperties,
            Settings settings) {
        this.egressId = egressId;
        this.deadLetterStream = deadLetterStream;
        this.clientProperties = clientProperties;
        this.settings = settings;
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<EgressRecord> createWriter(InitContext context) throws IOException {
        return new KinesisEgressWriter(
                new EgressRecordDecoder(egressId, deadLetterStream),
                clientProperties,
                settings,
                context);
    }
}
