package dev.ferry.runtime.core.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.kinesis.KinesisClientProperties;
import dev.ferry.runtime.core.io.kinesis.KinesisEgressSink;
import dev.ferry.runtime.core.io.kinesis.KinesisRecordDeserializer;
import dev.ferry.runtime.module.AwsRegion;
import dev.ferry.runtime.module.BadRecordPolicy;
import dev.ferry.runtime.module.KinesisEgressSpec;
import dev.ferry.runtime.module.KinesisIngressSpec;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleLoader;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.connectors.kinesis.util.KinesisConfigUtil;
import org.junit.jupiter.api.Test;

/**
 * How Kinesis module keys become connector properties; the consumer's own validation accepts what
 * the ingress produces.
 */
class KinesisConnectorConfigTest {
    private static final String MODULE =
            """
            kind: io.statefun.endpoints.v2/http
            spec:
              functions: k/*
              urlPathTemplate: http://127.0.0.1:1/{function.name}
            ---
            kind: io.statefun.kinesis.v1/ingress
            spec:
              id: k/in
              awsRegion:
                type: custom-endpoint
                endpoint: http://127.0.0.1:4567
                id: us-west-1
              awsCredentials:
                type: basic
                accessKeyId: AKID
                secretAccessKey: SECRET
              startupPosition:
                type: date
                date: 2020-02-01 04:15:00.250 +0000
              streams:
                - stream: s
                  valueType: io.statefun.types/int
                  targets: [k/f, other/f]
              clientConfigProperties:
                - SocketTimeout: 9999
                - flink.shard.getrecords.intervalmillis: 50
              onBadRecord: dead-letter
              deadLetterEgress: k/out
            ---
            kind: io.statefun.kinesis.v1/egress
            spec:
              id: k/out
              awsRegion:
                type: specific
                id: eu-west-1
              awsCredentials:
                type: profile
                profileName: john
                profilePath: /tmp/credentials
              maxOutstandingRecords: 100
              deadLetterStream: dead
              clientConfigProperties:
                - ThreadingModel: POOLED
                - MaxConnections: 15
                - sink.flush-buffer.timeout: 20
                - aws.http.protocol.version: HTTP1_1
            """;

    @Test
    void aStateFunModuleWithFerryKeysLoadsAndPlans() {
        Module module = ModuleLoader.loadString("kinesis.yaml", MODULE);
        KinesisIngressSpec ingress = (KinesisIngressSpec) module.ingresses().get(0);
        assertThat(ingress.badRecords())
                .isEqualTo(BadRecordPolicy.deadLetter(TypeName.parse("k/out")));
        KinesisEgressSpec egress = (KinesisEgressSpec) module.egresses().get(0);
        assertThat(egress.deadLetterStream()).isEqualTo("dead");

        JobPlan plan = ModulePlanner.plan(module);
        assertThat(plan.ingresses()).singleElement().isInstanceOf(KinesisIngressPlan.class);
        KinesisIngressPlan ingressPlan = (KinesisIngressPlan) plan.ingresses().get(0);
        assertThat(ingressPlan.unserved()).containsExactly(TypeName.parse("other/f"));
        assertThat(ingressPlan.deadLetterEgress()).isEqualTo(TypeName.parse("k/out"));
        assertThat(plan.egresses()).singleElement().isInstanceOf(KinesisEgressPlan.class);
    }

    @Test
    void ingressPropertiesPassTheConsumersValidation() {
        KinesisIngressSpec ingress =
                (KinesisIngressSpec)
                        ModuleLoader.loadString("kinesis.yaml", MODULE).ingresses().get(0);
        Properties properties = KinesisIngressPlan.consumerProperties(ingress);
        assertThat(properties)
                .containsEntry("aws.region", "us-west-1")
                .containsEntry("aws.endpoint", "http://127.0.0.1:4567")
                .containsEntry("aws.credentials.provider", "BASIC")
                .containsEntry("aws.credentials.provider.basic.accesskeyid", "AKID")
                .containsEntry("aws.credentials.provider.basic.secretkey", "SECRET")
                .containsEntry("aws.clientconfig.socketTimeout", "9999")
                .containsEntry("flink.shard.getrecords.intervalmillis", "50")
                .containsEntry("flink.stream.initpos", "AT_TIMESTAMP")
                .containsEntry("flink.stream.initpos.timestamp", "1580530500.250");
        KinesisConfigUtil.validateConsumerConfiguration(properties);
    }

    @Test
    void earliestAndLatestStartupPositions() {
        for (var type : KinesisIngressSpec.StartupPosition.Type.values()) {
            if (type == KinesisIngressSpec.StartupPosition.Type.DATE) {
                continue;
            }
            KinesisIngressSpec spec =
                    new KinesisIngressSpec(
                            TypeName.parse("k/in"),
                            new AwsRegion(AwsRegion.Type.SPECIFIC, "us-east-1", null),
                            AwsCredentials.defaultChain(),
                            new KinesisIngressSpec.StartupPosition(type, null),
                            java.util.List.of(),
                            Map.of(),
                            null);
            Properties properties = KinesisIngressPlan.consumerProperties(spec);
            assertThat(properties.getProperty("flink.stream.initpos"))
                    .isEqualTo(
                            type == KinesisIngressSpec.StartupPosition.Type.EARLIEST
                                    ? "TRIM_HORIZON"
                                    : "LATEST");
            assertThat(properties).containsEntry("aws.credentials.provider", "AUTO");
            assertThat(spec.badRecords()).isEqualTo(BadRecordPolicy.fail());
            KinesisConfigUtil.validateConsumerConfiguration(properties);
        }
    }

    @Test
    void egressPropertiesMapStateFunKeysAndIgnoreProducerLibraryOnes() {
        KinesisEgressSpec egress =
                (KinesisEgressSpec)
                        ModuleLoader.loadString("kinesis.yaml", MODULE).egresses().get(0);
        KinesisClientProperties.SinkProperties sink =
                KinesisClientProperties.sink(
                        egress.awsRegion(),
                        egress.awsCredentials(),
                        egress.clientConfigProperties());
        assertThat(sink.properties())
                .containsEntry("aws.region", "eu-west-1")
                .containsEntry("aws.credentials.provider", "PROFILE")
                .containsEntry("aws.credentials.provider.profile.name", "john")
                .containsEntry("aws.credentials.provider.profile.path", "/tmp/credentials")
                .containsEntry("aws.http-client.max-concurrency", "15")
                .containsEntry("aws.http.protocol.version", "HTTP1_1")
                .doesNotContainKey("sink.flush-buffer.timeout");
        assertThat(sink.ignored()).containsExactly("ThreadingModel");
        assertThat(sink.settings(egress.maxOutstandingRecords()))
                .isEqualTo(new KinesisEgressSink.Settings(99, 50, 100, 20));
    }

    @Test
    void bufferSettingsFollowMaxOutstandingRecords() {
        assertThat(KinesisEgressSink.Settings.forOutstanding(1000))
                .isEqualTo(new KinesisEgressSink.Settings(500, 50, 1000, 100));
        assertThat(KinesisEgressSink.Settings.forOutstanding(1))
                .isEqualTo(new KinesisEgressSink.Settings(1, 50, 2, 100));
        KinesisClientProperties.SinkProperties sink =
                KinesisClientProperties.sink(
                        new AwsRegion(AwsRegion.Type.SPECIFIC, "us-east-1", null),
                        AwsCredentials.defaultChain(),
                        Map.of("sink.batch.max-size", "501"));
        assertThatThrownBy(() -> sink.settings(1000))
                .hasMessageContaining("sink.batch.max-size is 501");
    }

    @Test
    void theDefaultRegionComesFromTheAwsChain() {
        String before = System.getProperty("aws.region");
        System.setProperty("aws.region", "ap-south-1");
        try {
            Properties properties =
                    KinesisClientProperties.consumer(
                            AwsRegion.defaultChain(), AwsCredentials.defaultChain(), Map.of());
            assertThat(properties).containsEntry("aws.region", "ap-south-1");
        } finally {
            if (before == null) {
                System.clearProperty("aws.region");
            } else {
                System.setProperty("aws.region", before);
            }
        }
    }

    @Test
    void recordsTravelAsFlinkPojosNotThroughKryo() {
        assertThat(new KinesisRecordDeserializer().getProducedType())
                .isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void credentialsTheConnectorsCannotTakeAreRefused() {
        AwsCredentials withToken =
                new AwsCredentials(
                        AwsCredentials.Type.STATIC,
                        "a",
                        "b",
                        "token",
                        null,
                        null,
                        null,
                        null,
                        null);
        assertThatThrownBy(
                        () ->
                                KinesisClientProperties.consumer(
                                        new AwsRegion(AwsRegion.Type.SPECIFIC, "us-east-1", null),
                                        withToken,
                                        Map.of()))
                .hasMessageContaining("without a session token");
    }
}
