package dev.ferry.runtime.module.internal;

import dev.ferry.runtime.module.CloudFunctionsEndpointSpec;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import dev.ferry.runtime.module.HttpEndpointSpec;
import dev.ferry.runtime.module.KafkaEgressSpec;
import dev.ferry.runtime.module.KafkaIngressSpec;
import dev.ferry.runtime.module.KinesisEgressSpec;
import dev.ferry.runtime.module.KinesisIngressSpec;
import dev.ferry.runtime.module.KnativeEndpointSpec;
import dev.ferry.runtime.module.LambdaEndpointSpec;
import dev.ferry.runtime.module.PrintEgressSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Every kind Ferry understands, each with its binder. One place to register a new kind. */
final class Binders {
    private static final Map<String, KindBinder> BY_KIND = new LinkedHashMap<>();

    static {
        BY_KIND.put(HttpEndpointSpec.KIND_V1, new HttpEndpointBinder(false));
        BY_KIND.put(HttpEndpointSpec.KIND_V2, new HttpEndpointBinder(true));
        BY_KIND.put(KafkaIngressSpec.KIND, new KafkaIngressBinder());
        BY_KIND.put(KafkaEgressSpec.KIND, new KafkaEgressBinder());
        BY_KIND.put(KinesisIngressSpec.KIND, new KinesisIngressBinder());
        BY_KIND.put(KinesisEgressSpec.KIND, new KinesisEgressBinder());
        BY_KIND.put(LambdaEndpointSpec.KIND, new LambdaEndpointBinder());
        BY_KIND.put(CloudFunctionsEndpointSpec.KIND, new CloudFunctionsEndpointBinder());
        BY_KIND.put(KnativeEndpointSpec.KIND, new KnativeEndpointBinder());
        BY_KIND.put(GeneratorIngressSpec.KIND, new GeneratorIngressBinder());
        BY_KIND.put(PrintEgressSpec.KIND, new PrintEgressBinder());
    }

    private Binders() {}

    static KindBinder forKind(String kind) {
        return BY_KIND.get(kind);
    }

    static Set<String> kinds() {
        return BY_KIND.keySet();
    }
}
