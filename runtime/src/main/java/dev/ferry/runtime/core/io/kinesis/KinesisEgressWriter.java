package dev.ferry.runtime.core.io.kinesis;

import dev.ferry.protocol.wire.KinesisEgressRecord;
import dev.ferry.runtime.core.message.EgressRecord;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSinks;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.SdkBytes;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Decodes each egress record and hands it to the Kinesis Streams writer of its stream, creating
 * that writer on the stream's first record. A flush (before every checkpoint barrier, and at the
 * end of input) drains every writer completely.
 */
@SuppressWarnings("deprecation") // Sink.InitContext is what the connector's writers take on 1.20
final class KinesisEgressWriter implements SinkWriter<EgressRecord> {
    /** Kinesis's limit on one record (data and partition key). */
    private static final long MAX_RECORD_BYTES = 1024 * 1024;

    /** Kinesis's limit on one PutRecords request. */
    private static final long MAX_BATCH_BYTES = 5L * 1024 * 1024;

    private final EgressRecordDecoder decoder;
    private final Properties clientProperties;
    private final KinesisEgressSink.Settings settings;
    private final Sink.InitContext context;
    private final Map<String, SinkWriter<KinesisEgressRecord>> writers = new LinkedHashMap<>();

    KinesisEgressWriter(
            EgressRecordDecoder decoder,
            Properties clientProperties,
            KinesisEgressSink.Settings settings,
            Sink.InitContext context) {
        this.decoder = decoder;
        this.clientProperties = clientProperties;
        this.settings = settings;
        this.context = context;
    }

    @Override
    public void write(EgressRecord element, Context writeContext)
            throws IOException, InterruptedException {
        KinesisEgressRecord record = decoder.decode(element);
        SinkWriter<KinesisEgressRecord> writer = writers.get(record.getStream());
        if (writer == null) {
            writer = createWriter(record.getStream());
            writers.put(record.getStream(), writer);
        }
        writer.write(record, writeContext);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        // Drain, not just wait for requests in flight: nothing is kept in checkpointed state, so
        // a record may not stay buffered across a barrier.
        for (SinkWriter<KinesisEgressRecord> writer : writers.values()) {
            writer.flush(true);
        }
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (SinkWriter<KinesisEgressRecord> writer : writers.values()) {
            try {
                writer.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        writers.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private SinkWriter<KinesisEgressRecord> createWriter(String stream) throws IOException {
        return KinesisStreamsSinks.create(
                        new EntryConverter(),
                        settings.maxBatchSize(),
                        settings.maxInFlightRequests(),
                        settings.maxBufferedRequests(),
                        MAX_BATCH_BYTES,
                        settings.maxTimeInBufferMs(),
                        MAX_RECORD_BYTES,
                        stream,
                        clientProperties)
                .createWriter(context);
    }

    /** A record as one entry of a PutRecords request; an empty explicit hash key means none. */
    static final class EntryConverter
            implements ElementConverter<KinesisEgressRecord, PutRecordsRequestEntry> {
        private static final long serialVersionUID = 1L;

        @Override
        public PutRecordsRequestEntry apply(KinesisEgressRecord record, Context context) {
            PutRecordsRequestEntry.Builder entry =
                    PutRecordsRequestEntry.builder()
                            .partitionKey(record.getPartitionKey())
                            .data(SdkBytes.fromByteArray(record.getValueBytes().toByteArray()));
            if (!record.getExplicitHashKey().isEmpty()) {
                entry.explicitHashKey(record.getExplicitHashKey());
            }
            return entry.build();
        }
    }
}
