package dev.ferry.runtime.module.internal;

import dev.ferry.runtime.module.CloudFunctionsEndpointSpec;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import dev.ferry.runtime.module.HttpEndpointSpec;
import dev.ferry.runtime.module.HttpIngressSpec;
import dev.ferry.runtime.module.KafkaEgressSpec;
import dev.ferry.runtime.module.KafkaIngressSpec;
import dev.ferry.runtime.module.KinesisEgressSpec;
import dev.ferry.runtime.module.KinesisIngressSpec;
import dev.ferry.runtime.module.KnativeEndpointSpec;
import dev.ferry.runtime.module.LambdaEndpointSpec;
import dev.ferry.runtime.module.PlaygroundEgressSpec;
import dev.ferry.runtime.module.PlaygroundIngressSpec;
import dev.ferry.runtime.module.PrintEgressSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every kind Ferry understands, each with its binder. Adding a kind is one registration here: the
 * module reader and the legacy translator both find binders through it.
 */
final class KindRegistry {
    private static final Map<String, KindBinder> BY_KIND = new LinkedHashMap<>();
    private static final Map<String, KindBinder> BY_LEGACY_KIND = new LinkedHashMap<>();

    static {
        register(
                HttpEndpointSpec.KIND_V1, "http", new HttpEndpointBinder(HttpEndpointSpec.KIND_V1));
        register(HttpEndpointSpec.KIND_V2, null, new HttpEndpointBinder(HttpEndpointSpec.KIND_V2));
        register(KafkaIngressSpec.KIND, "io.statefun.kafka/ingress", new KafkaIngressBinder());
        register(KafkaEgressSpec.KIND, "io.statefun.kafka/egress", new KafkaEgressBinder());
        register(
                KinesisIngressSpec.KIND, "io.statefun.kinesis/ingress", new KinesisIngressBinder());
        register(KinesisEgressSpec.KIND, "io.statefun.kinesis/egress", new KinesisEgressBinder());
        register(PlaygroundIngressSpec.KIND, null, new PlaygroundIngressBinder());
        register(PlaygroundEgressSpec.KIND, null, new PlaygroundEgressBinder());
        register(LambdaEndpointSpec.KIND, null, new LambdaEndpointBinder());
        register(CloudFunctionsEndpointSpec.KIND, null, new CloudFunctionsEndpointBinder());
        register(KnativeEndpointSpec.KIND, null, new KnativeEndpointBinder());
        register(GeneratorIngressSpec.KIND, null, new GeneratorIngressBinder());
        register(HttpIngressSpec.KIND, null, new HttpIngressBinder());
        register(PrintEgressSpec.KIND, null, new PrintEgressBinder());
    }

    private KindRegistry() {}

    /** The binder of {@code kind}, or null when no binder reads it. */
    static KindBinder forKind(String kind) {
        return BY_KIND.get(kind);
    }

    /** The kinds, in the order an error message lists them. */
    static Set<String> kinds() {
        return Collections.unmodifiableSet(BY_KIND.keySet());
    }

    /** The binder of a component kind of StateFun's legacy {@code version: "3.0"}, or null. */
    static KindBinder forLegacyKind(String legacyKind) {
        return BY_LEGACY_KIND.get(legacyKind);
    }

    static Set<String> legacyKinds() {
        return Collections.unmodifiableSet(BY_LEGACY_KIND.keySet());
    }

    /**
     * Registers the binder of {@code kind}, also under its name in the legacy format (3.0 called it
     * {@code legacyKind}; null when it had none).
     */
    private static void register(String kind, String legacyKind, KindBinder binder) {
        if (BY_KIND.putIfAbsent(kind, binder) != null) {
            throw new IllegalStateException("kind " + kind + " is registered twice");
        }
        if (legacyKind != null && BY_LEGACY_KIND.putIfAbsent(legacyKind, binder) != null) {
            throw new IllegalStateException("legacy kind " + legacyKind + " is registered twice");
        }
    }
}
