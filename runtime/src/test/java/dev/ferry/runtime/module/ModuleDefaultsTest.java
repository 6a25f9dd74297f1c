package dev.ferry.runtime.module;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.protocol.TypeName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Defaults of the kinds {@link ModuleLoaderTest} does not cover, the legacy mapping, and the fact
 * that a loaded module survives Java serialization (Flink operators carry it).
 */
class ModuleDefaultsTest {

    private static Module load(String yaml) {
        return ModuleLoader.loadString("test.yaml", yaml);
    }

    @Test
    void cloudFunctionsDefaults() {
        CloudFunctionsEndpointSpec endpoint =
                (CloudFunctionsEndpointSpec)
                        load("""
                                        kind: ferry.endpoints.v1/cloudfunctions
                                        spec:
                                          functions: scoring/*
                                          urlPathTemplate: https://r-p.cloudfunctions.net/{function.name}
                                        """)
                                .endpoints()
                                .get(0);
        assertThat(endpoint.audience()).as("null means: the URL").isNull();
        assertThat(endpoint.credentials())
                .isEqualTo(new GcpCredentials(GcpCredentials.Type.APPLICATION_DEFAULT, null));
        assertThat(endpoint.callTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(endpoint.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(endpoint.maxNumBatchRequests()).isEqualTo(1000);
        assertThat(endpoint.maxRequestBytes()).isEqualTo(33554432L);
        assertThat(endpoint.retry()).isEqualTo(RetrySpec.defaults());
    }

    @Test
    void knativeDefaults() {
        KnativeEndpointSpec endpoint =
                (KnativeEndpointSpec)
                        load("""
                                        kind: ferry.endpoints.v1/knative
                                        spec:
                                          functions: shop/cart
                                          urlPathTemplate: http://cart.shop.svc.cluster.local/
                                        """)
                                .endpoints()
                                .get(0);
        assertThat(endpoint.functions()).isEqualTo(FunctionPattern.parse("shop/cart"));
        assertThat(endpoint.hostTemplate()).isNull();
        assertThat(endpoint.callTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(endpoint.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(endpoint.coldStartBudget()).isEqualTo(Duration.ofSeconds(30));
        assertThat(endpoint.maxNumBatchRequests()).isEqualTo(1000);
        assertThat(endpoint.retry()).isEqualTo(RetrySpec.defaults());
    }

    @Test
    void retryDefaultsAndExplicitValues() {
        RetrySpec defaults = RetrySpec.defaults();
        assertThat(defaults.initialBackoff()).isEqualTo(Duration.ofMillis(10));
        assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.multiplier()).isEqualTo(2.0);
        assertThat(defaults.jitter()).isEqualTo(0.2);
        assertThat(defaults.maxAttempts()).isZero();
        assertThat(defaults.deadline()).isNull();
        assertThat(defaults.retryableStatuses()).containsExactlyInAnyOrder(408, 409, 420, 429, 499);
        assertThat(defaults.onExhausted()).isEqualTo(RetrySpec.OnExhausted.FAIL);
        assertThat(defaults.deadLetterEgress()).isNull();

        HttpEndpointSpec endpoint =
                (HttpEndpointSpec)
                        load("""
                                        kind: io.statefun.endpoints.v1/http
                                        spec:
                                          functions: a/*
                                          urlPathTemplate: http://a/{function.name}
                                          retry:
                                            initialBackoff: 100ms
                                            maxBackoff: 10s
                                            multiplier: 1.5
                                            jitter: 0
                                            maxAttempts: 4
                                            deadline: 1 min
                                            retryableStatuses: [429]
                                        """)
                                .endpoints()
                                .get(0);
        RetrySpec retry = endpoint.retry();
        assertThat(retry.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(retry.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(retry.multiplier()).isEqualTo(1.5);
        assertThat(retry.jitter()).isZero();
        assertThat(retry.maxAttempts()).isEqualTo(4);
        assertThat(retry.deadline()).isEqualTo(Duration.ofMinutes(1));
        assertThat(retry.retryableStatuses()).containsExactly(429);
        assertThat(retry.onExhausted()).isEqualTo(RetrySpec.OnExhausted.FAIL);
    }

    @Test
    void generatorAndPrintDefaults() {
        Module module =
                load(
                        """
                        kind: ferry.io.v1/generator
                        spec:
                          id: bench/load
                          targets: [bench/counter, bench/audit]
                        ---
                        kind: ferry.io.v1/print
                        spec:
                          id: bench/out
                        """);
        GeneratorIngressSpec generator = (GeneratorIngressSpec) module.ingresses().get(0);
        assertThat(generator.targets())
                .containsExactly(TypeName.parse("bench/counter"), TypeName.parse("bench/audit"));
        assertThat(generator.valueType()).isEqualTo("io.statefun.types/long");
        assertThat(generator.rate()).as("as fast as possible").isZero();
        assertThat(generator.count()).as("unbounded").isZero();
        assertThat(generator.keySpace()).isEqualTo(1000);
        PrintEgressSpec print = (PrintEgressSpec) module.egresses().get(0);
        assertThat(print.output()).isEqualTo(PrintEgressSpec.Output.STDOUT);
    }

    @Test
    void kinesisDefaults() {
        Module module =
                load(
                        """
                        kind: io.statefun.kinesis.v1/ingress
                        spec:
                          id: k/in
                          streams:
                            - stream: s
                              valueType: k/V
                              targets: [k/f]
                        ---
                        kind: io.statefun.kinesis.v1/egress
                        spec:
                          id: k/out
                        """);
        KinesisIngressSpec ingress = (KinesisIngressSpec) module.ingresses().get(0);
        assertThat(ingress.awsRegion()).isEqualTo(AwsRegion.defaultChain());
        assertThat(ingress.awsCredentials().type()).isEqualTo(AwsCredentials.Type.DEFAULT);
        assertThat(ingress.startupPosition())
                .isEqualTo(KinesisIngressSpec.StartupPosition.latest());
        assertThat(ingress.streams())
                .containsExactly(new IngressRoute("s", "k/V", List.of(TypeName.parse("k/f"))));
        assertThat(ingress.clientConfigProperties()).isEmpty();
        KinesisEgressSpec egress = (KinesisEgressSpec) module.egresses().get(0);
        assertThat(egress.awsRegion()).isEqualTo(AwsRegion.defaultChain());
        assertThat(egress.awsCredentials().type()).isEqualTo(AwsCredentials.Type.DEFAULT);
        assertThat(egress.maxOutstandingRecords()).isEqualTo(1000);
        assertThat(egress.clientConfigProperties()).isEmpty();
    }

    @Test
    void kinesisRegionAndCredentialVariants() {
        KinesisIngressSpec ingress =
                (KinesisIngressSpec)
                        load("""
                                        kind: io.statefun.kinesis.v1/ingress
                                        spec:
                                          id: k/in
                                          awsRegion:
                                            type: custom-endpoint
                                            endpoint: http://127.0.0.1:4567
                                            id: us-west-1
                                          awsCredentials:
                                            type: profile
                                            profileName: john
                                          startupPosition:
                                            type: date
                                            date: 2020-02-01 04:15:00.000 +0000
                                          streams:
                                            - stream: s
                                              valueType: k/V
                                              targets: [k/f]
                                          clientConfigProperties:
                                            - SocketTimeout: 9999
                                        """)
                                .ingresses()
                                .get(0);
        assertThat(ingress.awsRegion())
                .isEqualTo(
                        new AwsRegion(
                                AwsRegion.Type.CUSTOM_ENDPOINT,
                                "us-west-1",
                                "http://127.0.0.1:4567"));
        assertThat(ingress.awsCredentials().type()).isEqualTo(AwsCredentials.Type.PROFILE);
        assertThat(ingress.awsCredentials().profileName()).isEqualTo("john");
        assertThat(ingress.startupPosition().date().toInstant())
                .isEqualTo(Instant.parse("2020-02-01T04:15:00Z"));
        assertThat(ingress.clientConfigProperties()).isEqualTo(Map.of("SocketTimeout", "9999"));
    }

    @Test
    void legacyVersion30MapsOntoTheCurrentKinds() {
        Module module =
                load(
                        """
                        version: "3.0"
                        module:
                          meta:
                            type: remote
                          spec:
                            endpoints:
                              - endpoint:
                                  meta:
                                    kind: http
                                  spec:
                                    functions: example/*
                                    urlPathTemplate: http://functions:8000/statefun
                            ingresses:
                              - ingress:
                                  meta:
                                    type: io.statefun.kafka/ingress
                                    id: example/names
                                  spec:
                                    address: kafka:9092
                                    topics:
                                      - topic: names
                                        valueType: io.statefun.types/string
                                        targets: [example/greeter]
                            egresses:
                              - egress:
                                  meta:
                                    type: io.statefun.kafka/egress
                                    id: example/greets
                                  spec:
                                    address: kafka:9092
                        """);
        assertThat(module.endpoints())
                .singleElement()
                .extracting(EndpointSpec::kind)
                .isEqualTo(HttpEndpointSpec.KIND_V1);
        assertThat(module.ingresses())
                .singleElement()
                .satisfies(
                        ingress -> {
                            assertThat(ingress.kind()).isEqualTo(KafkaIngressSpec.KIND);
                            assertThat(ingress.id()).isEqualTo(TypeName.parse("example/names"));
                        });
        assertThat(module.egresses())
                .singleElement()
                .satisfies(
                        egress -> {
                            assertThat(egress.kind()).isEqualTo(KafkaEgressSpec.KIND);
                            assertThat(egress.id()).isEqualTo(TypeName.parse("example/greets"));
                        });
    }

    @Test
    void theBuilderFactoriesMatchMinimalYaml() {
        Module module =
                load(
                        """
                        kind: ferry.endpoints.v1/lambda
                        spec:
                          functions: fraud/*
                          functionName: fraud-{function.name}
                        ---
                        kind: ferry.endpoints.v1/cloudfunctions
                        spec:
                          functions: scoring/*
                          urlPathTemplate: https://r-p.cloudfunctions.net/{function.name}
                        ---
                        kind: ferry.endpoints.v1/knative
                        spec:
                          functions: shop/*
                          urlPathTemplate: http://kourier/{function.name}
                        ---
                        kind: io.statefun.endpoints.v2/http
                        spec:
                          functions: greeter/*
                          urlPathTemplate: http://greeter/{function.name}
                        """);
        assertThat(module.endpoints())
                .containsExactly(
                        ModuleBuilder.lambda("fraud/*", "fraud-{function.name}"),
                        ModuleBuilder.cloudFunctions(
                                "scoring/*", "https://r-p.cloudfunctions.net/{function.name}"),
                        ModuleBuilder.knative("shop/*", "http://kourier/{function.name}"),
                        ModuleBuilder.http("greeter/*", "http://greeter/{function.name}"));
    }

    @Test
    void aLoadedModuleSurvivesJavaSerialization() throws Exception {
        Module module =
                ModuleLoader.load(
                        "classpath:modules/valid/ferry-kinds.yaml", getClass().getClassLoader());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(module);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(module);
        }
    }
}
