package dev.ferry.runtime.module.internal;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.KafkaEgressSpec;
import dev.ferry.runtime.module.KafkaEgressSpec.DeliverySemantic;
import java.time.Duration;
import java.util.Map;

/** {@code io.statefun.kafka.v1/egress}. */
final class KafkaEgressBinder implements KindBinder {

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        TypeName id = spec.typeName("id");
        String address = spec.optString("address", null);
        DeliverySemantic semantic = deliverySemantic(spec.object("deliverySemantic"));
        Map<String, String> properties = ClientPropertiesReader.read(spec, "properties");
        String deadLetterTopic = spec.optString("deadLetterTopic", null);
        spec.finish();
        if (id != null) {
            parts.addEgress(
                    new KafkaEgressSpec(id, address, semantic, properties, deadLetterTopic),
                    spec.value("id"),
                    deadLetterTopic != null
                            ? null
                            : new ModuleParts.MissingDeadLetterDestination(
                                    "Kafka", "a topic", "deadLetterTopic: <topic>"));
        }
    }

    private static DeliverySemantic deliverySemantic(SpecReader semantic) {
        DeliverySemantic.Type type =
                semantic.choice(
                        "type", DeliverySemantic.Type.class, DeliverySemantic.Type.AT_LEAST_ONCE);
        Duration timeout = null;
        // StateFun reads the deprecated millisecond form first, then the duration.
        Long millis = semantic.optLong("transactionTimeoutMillis", null);
        Duration duration = semantic.optDuration("transactionTimeout", null);
        if (type == DeliverySemantic.Type.EXACTLY_ONCE) {
            timeout = millis != null ? Duration.ofMillis(millis) : duration;
            if (timeout == null && !semantic.has("transactionTimeout")) {
                semantic.problems()
                        .at(
                                semantic.node(),
                                "exactly-once delivery needs a transaction timeout in "
                                        + semantic.path(),
                                "transactionTimeout: a duration such as 15min (at most the broker's transaction.max.timeout.ms)");
            }
        }
        semantic.finish();
        return new DeliverySemantic(type, timeout);
    }
}
