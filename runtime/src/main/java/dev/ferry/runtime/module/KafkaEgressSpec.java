package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * {@code io.statefun.kafka.v1/egress}: records are {@code KafkaProducerRecord}s.
 *
 * @param address bootstrap servers, or null to take them from {@code properties}
 * @param properties raw producer properties
 * @param deadLetterTopic where dead letters (of endpoints and ingresses naming this egress) are
 *     written, as JSON with no key; null when this egress receives none
 */
public record KafkaEgressSpec(
        TypeName id,
        String address,
        DeliverySemantic deliverySemantic,
        Map<String, String> properties,
        String deadLetterTopic)
        implements EgressSpec {

    public static final String KIND = "io.statefun.kafka.v1/egress";

    public KafkaEgressSpec {
        properties = Map.copyOf(properties);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * The delivery guarantee.
     *
     * @param transactionTimeout for EXACTLY_ONCE, else null
     */
    public record DeliverySemantic(Type type, Duration transactionTimeout) implements Serializable {
        public enum Type {
            AT_LEAST_ONCE,
            EXACTLY_ONCE,
            NONE
        }
    }
}
