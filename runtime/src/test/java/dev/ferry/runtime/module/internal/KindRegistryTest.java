package dev.ferry.runtime.module.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;

/** The one list of kinds serves the module reader and the legacy translator alike. */
class KindRegistryTest {

    @Test
    void everyKindHasItsBinderInTheOrderMessagesListThem() {
        assertThat(KindRegistry.kinds())
                .containsExactly(
                        HttpEndpointSpec.KIND_V1,
                        HttpEndpointSpec.KIND_V2,
                        KafkaIngressSpec.KIND,
                        KafkaEgressSpec.KIND,
                        KinesisIngressSpec.KIND,
                        KinesisEgressSpec.KIND,
                        PlaygroundIngressSpec.KIND,
                        PlaygroundEgressSpec.KIND,
                        LambdaEndpointSpec.KIND,
                        CloudFunctionsEndpointSpec.KIND,
                        KnativeEndpointSpec.KIND,
                        GeneratorIngressSpec.KIND,
                        HttpIngressSpec.KIND,
                        PrintEgressSpec.KIND);
        assertThat(KindRegistry.kinds())
                .allSatisfy(k -> assertThat(KindRegistry.forKind(k)).isNotNull());
        assertThat(KindRegistry.forKind("io.statefun.kafka/ingress")).isNull();
    }

    @Test
    void aLegacyKindReachesTheBinderOfItsCurrentKind() {
        assertThat(KindRegistry.legacyKinds())
                .containsExactly(
                        "http",
                        "io.statefun.kafka/ingress",
                        "io.statefun.kafka/egress",
                        "io.statefun.kinesis/ingress",
                        "io.statefun.kinesis/egress");
        assertThat(KindRegistry.forLegacyKind("http"))
                .isSameAs(KindRegistry.forKind(HttpEndpointSpec.KIND_V1));
        assertThat(KindRegistry.forLegacyKind("io.statefun.kinesis/egress"))
                .isSameAs(KindRegistry.forKind(KinesisEgressSpec.KIND));
    }

    @Test
    void enumWordsAreTheConstantsInLowerCaseWithDashes() {
        assertThat(Choices.of(KafkaEgressSpec.DeliverySemantic.Type.class))
                .containsExactly(
                        java.util.Map.entry(
                                "at-least-once",
                                KafkaEgressSpec.DeliverySemantic.Type.AT_LEAST_ONCE),
                        java.util.Map.entry(
                                "exactly-once", KafkaEgressSpec.DeliverySemantic.Type.EXACTLY_ONCE),
                        java.util.Map.entry("none", KafkaEgressSpec.DeliverySemantic.Type.NONE));
    }
}
