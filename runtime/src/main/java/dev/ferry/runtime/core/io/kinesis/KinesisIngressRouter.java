package dev.ferry.runtime.core.io.kinesis;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.BadRecords;
import dev.ferry.runtime.core.io.IngressRouter;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.module.IngressRoute;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.util.Collector;

/**
 * Turns a Kinesis record into one message per target of its stream, for the function id given by
 * the partition key, the data passed through verbatim with the stream's {@code valueType}. Records
 * without a partition key, with data that is not a valid declared primitive, or routed to a
 * function type no endpoint serves go to the ingress's {@link BadRecords.Handler}.
 */
public final class KinesisIngressRouter extends IngressRouter<KinesisIngressRecord> {
    private static final long serialVersionUID = 1L;

    /**
     * @param routes the ingress's routes (a stream named twice keeps its last route)
     * @param unserved target types no endpoint serves
     */
    public KinesisIngressRouter(
            List<IngressRoute> routes, Set<TypeName> unserved, BadRecords.Handler badRecords) {
        super("stream", routes, unserved, badRecords);
    }

    @Override
    protected void route(KinesisIngressRecord record, Context context, Collector<Envelope> out) {
        if (record.partitionKey == null || record.partitionKey.isEmpty()) {
            reject(context, record, "the record has no partition key (it is the function id)");
            return;
        }
        routes.route(
                record.stream,
                record.partitionKey,
                record.data == null ? new byte[0] : record.data,
                out,
                reason -> reject(context, record, reason));
    }

    private void reject(Context context, KinesisIngressRecord record, String reason) {
        badRecords.reject(
                context,
                origin(record),
                reason,
                record.partitionKey == null || record.partitionKey.isEmpty()
                        ? null
                        : record.partitionKey.getBytes(StandardCharsets.UTF_8),
                record.data);
    }

    /** The origin fields of a Kinesis record in a dead letter or an error. */
    static Map<String, Object> origin(KinesisIngressRecord record) {
        Map<String, Object> origin = new LinkedHashMap<>();
        origin.put("stream", record.stream);
        origin.put("shard", record.shardId);
        origin.put("sequenceNumber", record.sequenceNumber);
        return origin;
    }
}
