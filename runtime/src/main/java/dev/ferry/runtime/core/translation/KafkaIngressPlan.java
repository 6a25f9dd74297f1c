package dev.ferry.runtime.core.translation;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.BadRecords;
import dev.ferry.runtime.core.io.KafkaIngressRecord;
import dev.ferry.runtime.core.io.KafkaIngressRouter;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.core.message.SingletonTypeInfo;
import dev.ferry.runtime.module.IngressRoute;
import dev.ferry.runtime.module.KafkaIngressSpec;
import dev.ferry.runtime.module.KafkaIngressSpec.StartupPosition;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code io.statefun.kafka.v1/ingress}: a {@link KafkaSource} (its partition offsets are part of
 * every checkpoint, and are committed to the consumer group when a checkpoint completes) and its
 * router, with uids {@code ingress-<id>} and {@code router-<id>}.
 *
 * @param unserved target types of the routes that no endpoint serves
 */
record KafkaIngressPlan(KafkaIngressSpec spec, Set<TypeName> unserved) implements IngressPlan {

    @Override
    public TypeName id() {
        return spec.id();
    }

    @Override
    public TypeName deadLetterEgress() {
        return spec.badRecords().deadLetterEgress();
    }

    @Override
    public DataStream<Envelope> addTo(StreamExecutionEnvironment env) {
        String name = spec.id().asString();
        KafkaSource<KafkaIngressRecord> source =
                KafkaSource.<KafkaIngressRecord>builder()
                        .setProperties(consumerProperties(spec))
                        .setTopics(topics(spec))
                        .setStartingOffsets(startingOffsets(spec))
                        .setDeserializer(KafkaIngressRecord.deserializer())
                        .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka " + name)
                .uid("ingress-" + name)
                .process(
                        new KafkaIngressRouter(
                                spec.topics(),
                                unserved,
                                new BadRecords.Handler(spec.id(), spec.badRecords())),
                        SingletonTypeInfo.ENVELOPE)
                .uid("router-" + name)
                .name("router " + name);
    }

    /**
     * The raw properties, then {@code address} and {@code consumerGroupId}. Not the reset position:
     * the source sets {@code auto.offset.reset} from its {@link #startingOffsets} and warns at
     * every start when the properties hold one already.
     */
    static Properties consumerProperties(KafkaIngressSpec spec) {
        Properties properties = new Properties();
        properties.putAll(spec.properties());
        if (spec.address() != null) {
            properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.address());
        }
        if (spec.consumerGroupId() != null) {
            properties.setProperty(ConsumerConfig.GROUP_ID_CONFIG, spec.consumerGroupId());
        }
        if (properties.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException(
                    "Kafka ingress "
                            + spec.id()
                            + " has no address: set address, or bootstrap.servers in properties");
        }
        if (spec.startupPosition().type() == StartupPosition.Type.GROUP_OFFSETS
                && properties.getProperty(ConsumerConfig.GROUP_ID_CONFIG) == null) {
            throw new IllegalArgumentException(
                    "Kafka ingress "
                            + spec.id()
                            + " starts from group offsets but has no consumer group: set"
                            + " consumerGroupId");
        }
        return properties;
    }

    private static List<String> topics(KafkaIngressSpec spec) {
        Set<String> topics = new LinkedHashSet<>();
        for (IngressRoute route : spec.topics()) {
            topics.add(route.source());
        }
        return List.copyOf(topics);
    }

    /**
     * Where reading starts without a checkpoint. With group offsets and specific offsets,
     * partitions without an offset start at {@code autoOffsetResetPosition}.
     */
    static OffsetsInitializer startingOffsets(KafkaIngressSpec spec) {
        OffsetResetStrategy reset =
                spec.autoOffsetReset().equals("earliest")
                        ? OffsetResetStrategy.EARLIEST
                        : OffsetResetStrategy.LATEST;
        StartupPosition position = spec.startupPosition();
        return switch (position.type()) {
            case GROUP_OFFSETS -> OffsetsInitializer.committedOffsets(reset);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case DATE -> OffsetsInitializer.timestamp(position.date().toInstant().toEpochMilli());
            case SPECIFIC_OFFSETS -> {
                Map<TopicPartition, Long> offsets = new HashMap<>();
                position.specificOffsets()
                        .forEach(
                                (key, offset) -> {
                                    int slash = key.lastIndexOf('/');
                                    offsets.put(
                                            new TopicPartition(
                                                    key.substring(0, slash),
                                                    Integer.parseInt(key.substring(slash + 1))),
                                            offset);
                                });
                yield OffsetsInitializer.offsets(offsets, reset);
            }
        };
    }
}
