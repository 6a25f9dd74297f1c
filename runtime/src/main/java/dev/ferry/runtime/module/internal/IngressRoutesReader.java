package dev.ferry.runtime.module.internal;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.IngressRoute;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ingress's routes ({@code topics} of Kafka, {@code streams} of Kinesis): per source, the type
 * of its values and the functions they go to.
 */
final class IngressRoutesReader {

    private IngressRoutesReader() {}

    static List<IngressRoute> read(SpecReader spec, String listKey, String sourceKey) {
        return read(spec, listKey, sourceKey, true);
    }

    /** The routes; with {@code required} false an absent list is no routes. */
    static List<IngressRoute> read(
            SpecReader spec, String listKey, String sourceKey, boolean required) {
        List<IngressRoute> routes =
                spec.listOf(listKey, required, item -> route(spec, item, sourceKey));
        // Routing is keyed by source: a source named twice keeps its last route (StateFun's rule).
        Map<String, IngressRoute> bySource = new LinkedHashMap<>();
        routes.forEach(r -> bySource.put(r.source(), r));
        return List.copyOf(bySource.values());
    }

    private static IngressRoute route(SpecReader spec, SpecReader.ItemNode item, String sourceKey) {
        SpecReader route = SpecReader.of(item.node(), item.path(), spec.problems());
        String source = route.string(sourceKey);
        String valueType = route.string("valueType");
        if (valueType != null) {
            route.typeNameValue(route.value("valueType"), item.path() + ".valueType");
        }
        List<TypeName> targets = route.typeNames("targets", true);
        route.finish();
        return source == null || valueType == null
                ? null
                : new IngressRoute(source, valueType, targets);
    }
}
