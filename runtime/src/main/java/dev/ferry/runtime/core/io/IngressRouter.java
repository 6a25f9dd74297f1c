package dev.ferry.runtime.core.io;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.module.IngressRoute;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns the records of a keyed source (a Kafka topic, a Kinesis stream) into messages by their
 * source's {@link IngressRoutes}, counting every record and handing those it cannot route to the
 * ingress's {@link BadRecords.Handler}. A subclass knows its record: where the function id and the
 * value are, and how its origin reads in a dead letter.
 *
 * @param <R> the source's record
 */
public abstract class IngressRouter<R> extends ProcessFunction<R, Envelope> {
    private static final long serialVersionUID = 1L;

    protected final IngressRoutes routes;
    protected final BadRecords.Handler badRecords;

    /**
     * @param source what the routes are keyed by, as errors name it ({@code topic}, {@code stream})
     * @param routes the ingress's routes (a source named twice keeps its last route)
     * @param unserved target types no endpoint serves
     */
    protected IngressRouter(
            String source,
            List<IngressRoute> routes,
            Set<TypeName> unserved,
            BadRecords.Handler badRecords) {
        this.routes = new IngressRoutes(source, routes, unserved);
        this.badRecords = badRecords;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        badRecords.open(getRuntimeContext().getMetricGroup());
    }

    @Override
    public final void processElement(R record, Context context, Collector<Envelope> out) {
        badRecords.received();
        route(record, context, out);
    }

    /** Emits the record's messages, or hands the record to {@link #badRecords} with the reason. */
    protected abstract void route(R record, Context context, Collector<Envelope> out);
}
