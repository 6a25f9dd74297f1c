package dev.ferry.runtime.module.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every kind Ferry understands, each with its binder. Adding a kind is one line here: the binder
 * names its kind (and its legacy name, if it has one), and both the module reader and the legacy
 * translator find it from this list.
 */
final class KindRegistry {
    private static final List<KindBinder> BINDERS =
            List.of(
                    new HttpEndpointBinder(false),
                    new HttpEndpointBinder(true),
                    new KafkaIngressBinder(),
                    new KafkaEgressBinder(),
                    new KinesisIngressBinder(),
                    new KinesisEgressBinder(),
                    new LambdaEndpointBinder(),
                    new CloudFunctionsEndpointBinder(),
                    new KnativeEndpointBinder(),
                    new GeneratorIngressBinder(),
                    new PrintEgressBinder());

    private static final Map<String, KindBinder> BY_KIND = index(KindBinder::kind);
    private static final Map<String, KindBinder> BY_LEGACY_KIND = index(KindBinder::legacyKind);

    private KindRegistry() {}

    /** The binder of {@code kind}, or null when no binder reads it. */
    static KindBinder forKind(String kind) {
        return BY_KIND.get(kind);
    }

    /** The kinds, in the order an error message lists them. */
    static Set<String> kinds() {
        return BY_KIND.keySet();
    }

    /** The binder of a legacy 3.0 component kind, or null. */
    static KindBinder forLegacyKind(String legacyKind) {
        return BY_LEGACY_KIND.get(legacyKind);
    }

    static Set<String> legacyKinds() {
        return BY_LEGACY_KIND.keySet();
    }

    private static Map<String, KindBinder> index(Function<KindBinder, String> name) {
        Map<String, KindBinder> byName = new LinkedHashMap<>();
        for (KindBinder binder : BINDERS) {
            String key = name.apply(binder);
            if (key != null && byName.putIfAbsent(key, binder) != null) {
                throw new IllegalStateException("two binders read the kind " + key);
            }
        }
        return Collections.unmodifiableMap(byName);
    }
}
