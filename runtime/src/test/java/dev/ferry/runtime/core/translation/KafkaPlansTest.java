package dev.ferry.runtime.core.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.BadRecordPolicy;
import dev.ferry.runtime.module.IngressRoute;
import dev.ferry.runtime.module.KafkaEgressSpec;
import dev.ferry.runtime.module.KafkaEgressSpec.DeliverySemantic;
import dev.ferry.runtime.module.KafkaIngressSpec;
import dev.ferry.runtime.module.KafkaIngressSpec.StartupPosition;
import dev.ferry.runtime.module.ModuleBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.junit.jupiter.api.Test;

/** Module keys to Kafka client settings. */
class KafkaPlansTest {

    @Test
    void moduleKeysWinOverRawConsumerProperties() {
        Properties properties =
                KafkaIngressPlan.consumerProperties(
                        ingress(
                                "broker:9092",
                                "group",
                                StartupPosition.latest(),
                                Map.of(
                                        "bootstrap.servers", "other:1",
                                        "group.id", "other",
                                        "max.poll.records", "7")));
        assertThat(properties)
                .containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("group.id", "group")
                .containsEntry("max.poll.records", "7");
    }

    /**
     * The source sets {@code auto.offset.reset} from where it starts (the tests below) and warns at
     * every start when the properties hold one already: Ferry adds none.
     */
    @Test
    void theResetPositionIsLeftToTheSource() {
        StartupPosition group = new StartupPosition(StartupPosition.Type.GROUP_OFFSETS, null, null);
        assertThat(KafkaIngressPlan.consumerProperties(ingress("b:1", "g", group, Map.of())))
                .doesNotContainKey("auto.offset.reset");
    }

    @Test
    void anIngressNeedsAnAddressAndGroupOffsetsNeedAGroup() {
        assertThatThrownBy(
                        () ->
                                KafkaIngressPlan.consumerProperties(
                                        ingress(null, null, StartupPosition.latest(), Map.of())))
                .hasMessageContaining("has no address");
        assertThat(
                        KafkaIngressPlan.consumerProperties(
                                ingress(
                                        null,
                                        null,
                                        StartupPosition.latest(),
                                        Map.of("bootstrap.servers", "b:1"))))
                .containsEntry("bootstrap.servers", "b:1");
        StartupPosition group = new StartupPosition(StartupPosition.Type.GROUP_OFFSETS, null, null);
        assertThatThrownBy(
                        () ->
                                KafkaIngressPlan.consumerProperties(
                                        ingress("b:1", null, group, Map.of())))
                .hasMessageContaining("set consumerGroupId");
    }

    @Test
    void groupAndSpecificOffsetsFallBackToTheResetPosition() {
        StartupPosition group = new StartupPosition(StartupPosition.Type.GROUP_OFFSETS, null, null);
        assertThat(
                        KafkaIngressPlan.startingOffsets(ingress("b:1", "g", group, Map.of()))
                                .getAutoOffsetResetStrategy())
                .isEqualTo(OffsetResetStrategy.EARLIEST);
        StartupPosition specific =
                new StartupPosition(
                        StartupPosition.Type.SPECIFIC_OFFSETS,
                        Map.of("my.topic/with/slashes/3", 7L),
                        null);
        assertThat(
                        KafkaIngressPlan.startingOffsets(ingress("b:1", null, specific, Map.of()))
                                .getAutoOffsetResetStrategy())
                .isEqualTo(OffsetResetStrategy.EARLIEST);
    }

    @Test
    void exactlyOnceSetsTheTransactionTimeoutAndAStablePrefix() {
        KafkaEgressSpec spec =
                new KafkaEgressSpec(
                        TypeName.parse("shop/orders"),
                        "broker:9092",
                        new DeliverySemantic(
                                DeliverySemantic.Type.EXACTLY_ONCE, Duration.ofMinutes(15)),
                        Map.of("linger.ms", "5"),
                        null);
        assertThat(KafkaEgressPlan.producerProperties(spec))
                .containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("transaction.timeout.ms", "900000")
                .containsEntry("linger.ms", "5");
        assertThat(KafkaEgressPlan.transactionalIdPrefix(spec, "ferry"))
                .isEqualTo("ferry-shop-orders");

        KafkaEgressSpec named =
                new KafkaEgressSpec(
                        spec.id(),
                        spec.address(),
                        spec.deliverySemantic(),
                        Map.of("transactional.id", "billing"),
                        null);
        assertThat(KafkaEgressPlan.transactionalIdPrefix(named, "ferry")).isEqualTo("billing");
    }

    @Test
    void anEgressNeedsAnAddress() {
        KafkaEgressSpec spec =
                new KafkaEgressSpec(
                        TypeName.parse("shop/orders"),
                        null,
                        new DeliverySemantic(DeliverySemantic.Type.AT_LEAST_ONCE, null),
                        Map.of(),
                        null);
        assertThatThrownBy(() -> KafkaEgressPlan.producerProperties(spec))
                .hasMessageContaining("Kafka egress shop/orders has no address");
    }

    @Test
    void targetsNoEndpointServesAreFound() {
        var bindings =
                ModulePlanner.plan(
                                ModuleBuilder.create()
                                        .endpoint(
                                                ModuleBuilder.http(
                                                        "shop/*", "http://h/{function.name}"))
                                        .ingress(
                                                ModuleBuilder.generator("shop/gen", "shop/a", 1, 1))
                                        .build())
                        .dispatcher()
                        .bindings();
        List<IngressRoute> routes =
                List.of(
                        new IngressRoute(
                                "t",
                                "x/y",
                                List.of(TypeName.parse("shop/a"), TypeName.parse("ghost/fn"))));
        assertThat(ModulePlanner.unserved(routes, bindings))
                .containsExactly(TypeName.parse("ghost/fn"));
    }

    private static KafkaIngressSpec ingress(
            String address,
            String group,
            StartupPosition position,
            Map<String, String> properties) {
        return new KafkaIngressSpec(
                TypeName.parse("shop/in"),
                address,
                group,
                List.of(new IngressRoute("t", "x/y", List.of(TypeName.parse("shop/a")))),
                "earliest",
                position,
                properties,
                BadRecordPolicy.fail());
    }
}
