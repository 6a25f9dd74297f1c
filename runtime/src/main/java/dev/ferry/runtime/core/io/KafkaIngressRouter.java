package dev.ferry.runtime.core.io;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.module.IngressRoute;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.flink.util.Collector;

/**
 * Turns a Kafka record into one message per target of its topic, for the function id given by the
 * UTF-8 record key, the value bytes passed through verbatim with the topic's {@code valueType}.
 * Records without a key or value, with a value that is not a valid declared primitive, or routed to
 * a function type no endpoint serves go to the ingress's {@link BadRecords.Handler}. A record's
 * {@code traceparent} header goes with its messages, whose invocations continue that trace.
 */
public final class KafkaIngressRouter extends IngressRouter<KafkaIngressRecord> {
    private static final long serialVersionUID = 1L;

    /**
     * @param routes the ingress's routes (a topic named twice keeps its last route)
     * @param unserved target types no endpoint serves
     */
    public KafkaIngressRouter(
            List<IngressRoute> routes, Set<TypeName> unserved, BadRecords.Handler badRecords) {
        super("topic", routes, unserved, badRecords);
    }

    @Override
    protected void route(KafkaIngressRecord record, Context context, Collector<Envelope> out) {
        if (record.key == null) {
            reject(context, record, "the record has no key (the key is the function id)");
            return;
        }
        if (record.value == null) {
            reject(context, record, "the record has no value (a tombstone)");
            return;
        }
        routes.route(
                record.topic,
                new String(record.key, StandardCharsets.UTF_8),
                record.value,
                record.traceParent,
                record.traceState,
                out,
                reason -> reject(context, record, reason));
    }

    private void reject(Context context, KafkaIngressRecord record, String reason) {
        badRecords.reject(
                context,
                BadRecords.kafkaOrigin(record.topic, record.partition, record.offset),
                reason,
                record.key,
                record.value);
    }
}
