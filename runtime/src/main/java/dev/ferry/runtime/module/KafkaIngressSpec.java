package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;
import java.io.Serializable;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * {@code io.statefun.kafka.v1/ingress}.
 *
 * @param address bootstrap servers, or null to take them from {@code properties}
 * @param consumerGroupId the group id, or null
 * @param topics one route per topic (a topic named twice keeps its last route)
 * @param autoOffsetReset {@code earliest} or {@code latest}
 * @param properties raw consumer properties
 * @param badRecords what happens to records without a key, with a value that does not decode as its
 *     primitive {@code valueType}, or routed to a function type no endpoint serves
 */
public record KafkaIngressSpec(
        TypeName id,
        String address,
        String consumerGroupId,
        List<IngressRoute> topics,
        String autoOffsetReset,
        StartupPosition startupPosition,
        Map<String, String> properties,
        BadRecordPolicy badRecords)
        implements IngressSpec {

    public static final String KIND = "io.statefun.kafka.v1/ingress";

    public KafkaIngressSpec {
        topics = List.copyOf(topics);
        properties = Map.copyOf(properties);
        badRecords = badRecords == null ? BadRecordPolicy.fail() : badRecords;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * Where consumption starts when there is no checkpoint.
     *
     * @param specificOffsets for SPECIFIC_OFFSETS: {@code topic/partition} to offset
     * @param date for DATE
     */
    public record StartupPosition(Type type, Map<String, Long> specificOffsets, ZonedDateTime date)
            implements Serializable {

        public enum Type {
            GROUP_OFFSETS,
            EARLIEST,
            LATEST,
            SPECIFIC_OFFSETS,
            DATE
        }

        public StartupPosition {
            specificOffsets = specificOffsets == null ? Map.of() : Map.copyOf(specificOffsets);
        }

        public static StartupPosition latest() {
            return new StartupPosition(Type.LATEST, null, null);
        }
    }
}
