package dev.ferry.runtime.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.protocol.TypeName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults and semantics of the module model, one kind at a time. */
class ModuleLoaderTest {

    private static Module load(String yaml) {
        return ModuleLoader.loadString("test.yaml", yaml);
    }

    @Test
    void v2HttpEndpointDefaultsToTheAsyncTransport() {
        HttpEndpointSpec endpoint =
                (HttpEndpointSpec)
                        load("""
                                        kind: io.statefun.endpoints.v2/http
                                        spec:
                                          functions: com.example/*
                                          urlPathTemplate: http://f:8000/{function.name}
                                        """)
                                .endpoints()
                                .get(0);
        assertThat(endpoint.kind()).isEqualTo(HttpEndpointSpec.KIND_V2);
        assertThat(endpoint.functions()).isEqualTo(FunctionPattern.namespace("com.example"));
        assertThat(endpoint.maxNumBatchRequests()).isEqualTo(1000);
        assertThat(endpoint.transport()).isEqualTo(HttpEndpointSpec.Transport.asyncDefaults());
        assertThat(endpoint.transport().call()).isEqualTo(Duration.ofMinutes(2));
        assertThat(endpoint.transport().connect()).isEqualTo(Duration.ofSeconds(20));
        assertThat(endpoint.transport().payloadMaxBytes()).isEqualTo(33554432L);
        assertThat(endpoint.retry()).isEqualTo(RetrySpec.defaults());
    }

    @Test
    void nestedTimeoutsWinOverTopLevelOnesWithTheirOwnDefaults() {
        HttpEndpointSpec endpoint =
                (HttpEndpointSpec)
                        load("""
                                        kind: io.statefun.endpoints.v2/http
                                        spec:
                                          functions: a/b
                                          urlPathTemplate: http://f
                                          transport:
                                            call: 5m
                                            timeouts:
                                              connect: 3s
                                        """)
                                .endpoints()
                                .get(0);
        assertThat(endpoint.transport().call()).isEqualTo(Duration.ofMinutes(1));
        assertThat(endpoint.transport().connect()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void v1HttpEndpointUsesOkHttpTimeouts() {
        HttpEndpointSpec endpoint =
                (HttpEndpointSpec)
                        load("""
                                        kind: io.statefun.endpoints.v1/http
                                        spec:
                                          functions: a/*
                                          urlPathTemplate: http://f
                                          timeouts:
                                            call: 30s
                                        """)
                                .endpoints()
                                .get(0);
        assertThat(endpoint.transport().type()).isEqualTo(HttpEndpointSpec.TransportType.OKHTTP);
        assertThat(endpoint.transport().call()).isEqualTo(Duration.ofSeconds(30));
        assertThat(endpoint.transport().read()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void kafkaIngressDefaultsFollowTheCodeNotTheDocs() {
        KafkaIngressSpec ingress =
                (KafkaIngressSpec)
                        load("""
                                        kind: io.statefun.kafka.v1/ingress
                                        spec:
                                          id: com.example/users
                                          topics:
                                            - topic: t
                                              valueType: com.example/User
                                              targets: [com.example/a]
                                            - topic: t
                                              valueType: com.example/Other
                                              targets: [com.example/b]
                                        """)
                                .ingresses()
                                .get(0);
        assertThat(ingress.autoOffsetReset()).isEqualTo("latest");
        assertThat(ingress.startupPosition().type())
                .isEqualTo(KafkaIngressSpec.StartupPosition.Type.LATEST);
        // A topic named twice keeps its last route.
        assertThat(ingress.topics())
                .containsExactly(
                        new IngressRoute(
                                "t",
                                "com.example/Other",
                                List.of(TypeName.parse("com.example/b"))));
    }

    @Test
    void specificOffsetsSplitOnTheLastSlashAndPropertiesAreStrings() {
        KafkaIngressSpec ingress =
                (KafkaIngressSpec)
                        load("""
                                        kind: io.statefun.kafka.v1/ingress
                                        spec:
                                          id: com.example/users
                                          topics: [{topic: t, valueType: a/b, targets: [a/c]}]
                                          startupPosition:
                                            type: specific-offsets
                                            offsets:
                                              - my/topic/2: 40
                                          properties:
                                            - max.poll.records: 500
                                        """)
                                .ingresses()
                                .get(0);
        assertThat(ingress.startupPosition().specificOffsets())
                .isEqualTo(Map.of("my/topic/2", 40L));
        assertThat(ingress.properties()).isEqualTo(Map.of("max.poll.records", "500"));
    }

    @Test
    void kafkaEgressReadsTheMillisecondsFormFirst() {
        KafkaEgressSpec egress =
                (KafkaEgressSpec)
                        load("""
                                        kind: io.statefun.kafka.v1/egress
                                        spec:
                                          id: com.example/out
                                          deliverySemantic:
                                            type: exactly-once
                                            transactionTimeoutMillis: 60000
                                            transactionTimeout: 15min
                                        """)
                                .egresses()
                                .get(0);
        assertThat(egress.deliverySemantic().transactionTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(
                        ((KafkaEgressSpec)
                                        load("""
                                                        kind: io.statefun.kafka.v1/egress
                                                        spec:
                                                          id: com.example/out
                                                        """)
                                                .egresses()
                                                .get(0))
                                .deliverySemantic()
                                .type())
                .isEqualTo(KafkaEgressSpec.DeliverySemantic.Type.AT_LEAST_ONCE);
    }

    @Test
    void lambdaEndpointDefaults() {
        LambdaEndpointSpec endpoint =
                (LambdaEndpointSpec)
                        load("""
                                        kind: ferry.endpoints.v1/lambda
                                        spec:
                                          functions: fraud/model
                                          functionName: fraud-model
                                        """)
                                .endpoints()
                                .get(0);
        assertThat(endpoint.maxRequestBytes()).isEqualTo(6L * 1024 * 1024);
        assertThat(endpoint.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(endpoint.credentials().type()).isEqualTo(AwsCredentials.Type.DEFAULT);
        assertThat(endpoint.qualifier()).isNull();
        assertThat(endpoint.maxConcurrency()).isZero();
        assertThat(endpoint.addressBatching()).isEqualTo(AddressBatching.OFF);
    }

    @Test
    void addressBatchingIsDeclaredPerEndpoint() {
        Module module =
                load(
                        """
                        kind: ferry.endpoints.v1/knative
                        spec:
                          functions: shop/*
                          urlPathTemplate: http://kourier/{function.name}
                          addressBatching: true
                          maxRequestsInFlight: 4
                        ---
                        kind: ferry.endpoints.v1/lambda
                        spec:
                          functions: fraud/*
                          functionName: fraud-{function.name}
                          addressBatching: true
                        ---
                        kind: io.statefun.endpoints.v2/http
                        spec:
                          functions: plain/*
                          urlPathTemplate: http://127.0.0.1:8000/{function.name}
                        """);
        assertThat(module.endpoints().get(0).addressBatching())
                .isEqualTo(new AddressBatching(true, 4));
        assertThat(module.endpoints().get(1).addressBatching()).isEqualTo(AddressBatching.ON);
        assertThat(module.endpoints().get(2).addressBatching()).isEqualTo(AddressBatching.OFF);
    }

    @Test
    void deadLetterRetryNamesADeclaredEgress() {
        Module module =
                load(
                        """
                        kind: ferry.endpoints.v1/knative
                        spec:
                          functions: shop/*
                          urlPathTemplate: http://kourier/{function.name}
                          retry:
                            maxAttempts: 3
                            onExhausted: dead-letter
                            deadLetterEgress: shop/dlq
                        ---
                        kind: ferry.io.v1/print
                        spec:
                          id: shop/dlq
                        """);
        KnativeEndpointSpec endpoint = (KnativeEndpointSpec) module.endpoints().get(0);
        assertThat(endpoint.retry().onExhausted()).isEqualTo(RetrySpec.OnExhausted.DEAD_LETTER);
        assertThat(endpoint.retry().deadLetterEgress()).isEqualTo(TypeName.parse("shop/dlq"));
        assertThat(endpoint.retry().maxAttempts()).isEqualTo(3);
        assertThat(endpoint.coldStartBudget()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aSpecificBindingWinsOverItsNamespace() {
        Module module =
                load(
                        """
                        kind: io.statefun.endpoints.v2/http
                        spec:
                          functions: fraud/*
                          urlPathTemplate: http://all/{function.name}
                        ---
                        kind: io.statefun.endpoints.v2/http
                        spec:
                          functions: fraud/model
                          urlPathTemplate: http://model
                        """);
        assertThat(
                        ((HttpEndpointSpec)
                                        module.endpointFor(TypeName.parse("fraud/model"))
                                                .orElseThrow())
                                .urlPathTemplate())
                .isEqualTo("http://model");
        assertThat(
                        ((HttpEndpointSpec)
                                        module.endpointFor(TypeName.parse("fraud/count"))
                                                .orElseThrow())
                                .urlPathTemplate())
                .isEqualTo("http://all/{function.name}");
        assertThat(module.endpointFor(TypeName.parse("other/x"))).isEmpty();
    }

    @Test
    void emptyDocumentsAreSkippedAndEnvironmentReferencesResolve() {
        Module module =
                load(
                        """
                        ---
                        ---
                        kind: ferry.endpoints.v1/lambda
                        spec:
                          functions: a/b
                          functionName: f
                          credentials:
                            type: static
                            accessKeyId: id
                            secretAccessKey: "${env:PATH}"
                        """);
        LambdaEndpointSpec endpoint = (LambdaEndpointSpec) module.endpoints().get(0);
        assertThat(endpoint.credentials().secretAccessKey()).isEqualTo(System.getenv("PATH"));
        assertThat(endpoint.credentials().toString()).doesNotContain(System.getenv("PATH"));
    }

    @Test
    void variablesCanComeFromTheEmbeddingApplication() {
        String text =
                """
                kind: io.statefun.endpoints.v2/http
                spec:
                  functions: fraud/*
                  urlPathTemplate: ${env:FUNCTIONS_URL}/{function.name}
                """;
        Module module =
                ModuleLoader.loadString(
                        "demo.yaml",
                        text,
                        name -> name.equals("FUNCTIONS_URL") ? "http://127.0.0.1:9" : null);
        assertThat(((HttpEndpointSpec) module.endpoints().get(0)).urlPathTemplate())
                .isEqualTo("http://127.0.0.1:9/{function.name}");
        assertThatThrownBy(() -> ModuleLoader.loadString("demo.yaml", text, name -> null))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining(
                        "demo.yaml:4:20: environment variable FUNCTIONS_URL is not set");
    }

    @Test
    void loadsEveryModuleYamlOnTheClassPath() {
        Module module = ModuleLoader.load("classpath:module.yaml", getClass().getClassLoader());
        assertThat(module.egresses())
                .extracting(EgressSpec::id)
                .contains(TypeName.parse("classpath/out"));
    }

    @Test
    void builderAppliesTheSameChecks() {
        Module module =
                ModuleBuilder.create()
                        .endpoint(
                                ModuleBuilder.http(
                                        "greeter/*", "http://127.0.0.1:8000/{function.name}"))
                        .ingress(ModuleBuilder.generator("greeter/names", "greeter/greet", 100, 10))
                        .egress(ModuleBuilder.print("greeter/out"))
                        .build();
        assertThat(module.summary()).isEqualTo("1 endpoint, 1 ingress, 1 egress");
        assertThatThrownBy(
                        () ->
                                ModuleBuilder.create()
                                        .endpoint(ModuleBuilder.http("a/*", "http://x"))
                                        .endpoint(ModuleBuilder.http("a/*", "http://y"))
                                        .build())
                .hasMessageContaining("'a/*' are bound twice");
        assertThatThrownBy(
                        () ->
                                ModuleBuilder.create()
                                        .endpoint(
                                                ModuleBuilder.http(
                                                        "a/*",
                                                        "http://x",
                                                        Duration.ofSeconds(5),
                                                        RetrySpec.defaults()
                                                                .withDeadLetter(
                                                                        TypeName.parse("a/dlq"))))
                                        .build())
                .hasMessageContaining("dead-letter egress 'a/dlq'");
    }

    @Test
    void aRaisedInitialBackoffRaisesTheDefaultCap() {
        HttpEndpointSpec endpoint =
                (HttpEndpointSpec)
                        load("""
                                        kind: io.statefun.endpoints.v2/http
                                        spec:
                                          functions: a/b
                                          urlPathTemplate: http://f
                                          retry:
                                            initialBackoff: 5s
                                        """)
                                .endpoints()
                                .get(0);
        assertThat(endpoint.retry().initialBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(endpoint.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(5));
    }
}
