package dev.ferry.runtime.core.io;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.module.IngressRoute;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.apache.flink.util.Collector;

/**
 * The routes of one connector ingress, shared by its routers: the route of each topic or stream,
 * and the checks every record passes before it becomes messages for functions.
 */
public final class IngressRoutes implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String sourceNoun;
    private final Map<String, IngressRoute> bySource;
    private final Set<TypeName> unserved;

    /**
     * @param sourceNoun what a source is called in errors: {@code topic}, {@code stream}
     * @param routes the ingress's routes (a source named twice keeps its last route)
     * @param unserved target types no endpoint serves
     */
    public IngressRoutes(String sourceNoun, List<IngressRoute> routes, Set<TypeName> unserved) {
        this.sourceNoun = sourceNoun;
        Map<String, IngressRoute> routed = new HashMap<>();
        routes.forEach(route -> routed.put(route.source(), route));
        this.bySource = routed;
        this.unserved = Set.copyOf(unserved);
    }

    /**
     * Emits one message per target of the route of {@code source}, for function id {@code id}, with
     * {@code value} verbatim. A record with no route or a value that is not its declared primitive,
     * and each target no endpoint serves, is passed to {@code rejected} with the reason (served
     * targets of the same record still get their message).
     */
    public void route(
            String source,
            String id,
            byte[] value,
            Collector<Envelope> out,
            Consumer<String> rejected) {
        route(source, id, value, null, null, out, rejected);
    }

    /**
     * As {@link #route(String, String, byte[], Collector, Consumer)}, each message continuing the
     * W3C trace context {@code traceParent} / {@code traceState} of the record (null for none).
     */
    public void route(
            String source,
            String id,
            byte[] value,
            @Nullable String traceParent,
            @Nullable String traceState,
            Collector<Envelope> out,
            Consumer<String> rejected) {
        IngressRoute route = bySource.get(source);
        if (route == null) {
            rejected.accept("no route for " + sourceNoun + " " + source);
            return;
        }
        String invalid = BadRecords.check(route.valueType(), value);
        if (invalid != null) {
            rejected.accept(invalid);
            return;
        }
        for (TypeName target : route.targets()) {
            if (unserved.contains(target)) {
                rejected.accept("no endpoint serves function type " + target);
            } else {
                out.collect(
                        new Envelope(
                                new FunctionAddress(target, id),
                                null,
                                route.valueType(),
                                value,
                                traceParent,
                                traceState));
            }
        }
    }
}
