package dev.ferry.runtime.module;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.protocol.PayloadLimits;
import dev.ferry.protocol.TypeName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link Module} in code, for tests and embedded use, with the same defaults and the same
 * cross-component checks as the YAML loader.
 *
 * <pre>{@code
 * Module module = ModuleBuilder.create()
 *         .endpoint(ModuleBuilder.http("greeter/*", "http://127.0.0.1:8000/{function.name}"))
 *         .ingress(ModuleBuilder.generator("greeter/names", "greeter/greet", 100, 10))
 *         .egress(ModuleBuilder.print("greeter/out"))
 *         .build();
 * }</pre>
 */
public final class ModuleBuilder {
    private final List<EndpointSpec> endpoints = new ArrayList<>();
    private final List<IngressSpec> ingresses = new ArrayList<>();
    private final List<EgressSpec> egresses = new ArrayList<>();

    private ModuleBuilder() {}

    public static ModuleBuilder create() {
        return new ModuleBuilder();
    }

    public ModuleBuilder endpoint(EndpointSpec endpoint) {
        endpoints.add(endpoint);
        return this;
    }

    public ModuleBuilder ingress(IngressSpec ingress) {
        ingresses.add(ingress);
        return this;
    }

    public ModuleBuilder egress(EgressSpec egress) {
        egresses.add(egress);
        return this;
    }

    /**
     * The module.
     *
     * @throws IllegalArgumentException when a pattern is bound twice, an id is declared twice or a
     *     dead-letter egress is not declared
     */
    public Module build() {
        Set<String> patterns = new HashSet<>();
        for (EndpointSpec endpoint : endpoints) {
            if (!patterns.add(endpoint.functions().toString())) {
                throw new IllegalArgumentException(
                        "functions '" + endpoint.functions() + "' are bound twice");
            }
        }
        Set<TypeName> egressIds = new HashSet<>();
        for (EgressSpec egress : egresses) {
            if (!egressIds.add(egress.id())) {
                throw new IllegalArgumentException(
                        "egress id '" + egress.id() + "' is declared twice");
            }
        }
        Set<TypeName> ingressIds = new HashSet<>();
        for (IngressSpec ingress : ingresses) {
            if (!ingressIds.add(ingress.id())) {
                throw new IllegalArgumentException(
                        "ingress id '" + ingress.id() + "' is declared twice");
            }
        }
        for (EndpointSpec endpoint : endpoints) {
            TypeName deadLetter = endpoint.retry().deadLetterEgress();
            if (deadLetter != null && !egressIds.contains(deadLetter)) {
                throw new IllegalArgumentException(
                        "dead-letter egress '"
                                + deadLetter
                                + "' of endpoint "
                                + endpoint.functions()
                                + " is not declared");
            }
        }
        return new Module(endpoints, ingresses, egresses);
    }

    /** An {@code io.statefun.endpoints.v2/http} endpoint with the async transport's defaults. */
    public static HttpEndpointSpec http(String functions, String urlPathTemplate) {
        return new HttpEndpointSpec(
                HttpEndpointSpec.KIND_V2,
                FunctionPattern.parse(functions),
                urlPathTemplate,
                EndpointSpec.DEFAULT_MAX_NUM_BATCH_REQUESTS,
                HttpEndpointSpec.Transport.asyncDefaults(),
                RetrySpec.defaults());
    }

    /** The same endpoint with another call timeout and retry policy. */
    public static HttpEndpointSpec http(
            String functions, String urlPathTemplate, Duration call, RetrySpec retry) {
        HttpEndpointSpec.Transport transport = HttpEndpointSpec.Transport.async(call);
        return new HttpEndpointSpec(
                HttpEndpointSpec.KIND_V2,
                FunctionPattern.parse(functions),
                urlPathTemplate,
                EndpointSpec.DEFAULT_MAX_NUM_BATCH_REQUESTS,
                transport,
                retry);
    }

    /** A generator of {@code count} long messages at {@code rate} per second (0: unbounded). */
    public static GeneratorIngressSpec generator(String id, String target, long rate, long count) {
        return new GeneratorIngressSpec(
                TypeName.parse(id),
                List.of(TypeName.parse(target)),
                dev.ferry.protocol.WellKnownTypes.LONG,
                rate,
                count,
                GeneratorIngressSpec.DEFAULT_KEY_SPACE);
    }

    /** A {@code ferry.endpoints.v1/lambda} endpoint with every default (credentials included). */
    public static LambdaEndpointSpec lambda(String functions, String functionName) {
        return new LambdaEndpointSpec(
                FunctionPattern.parse(functions),
                functionName,
                null,
                null,
                AwsCredentials.defaultChain(),
                null,
                LambdaEndpointSpec.DEFAULT_TIMEOUT,
                EndpointSpec.DEFAULT_MAX_NUM_BATCH_REQUESTS,
                PayloadLimits.LAMBDA_MAX_PAYLOAD_BYTES,
                0,
                RetrySpec.defaults());
    }

    /**
     * A {@code ferry.endpoints.v1/cloudfunctions} endpoint with application-default credentials.
     */
    public static CloudFunctionsEndpointSpec cloudFunctions(
            String functions, String urlPathTemplate) {
        return new CloudFunctionsEndpointSpec(
                FunctionPattern.parse(functions),
                urlPathTemplate,
                null,
                new GcpCredentials(GcpCredentials.Type.APPLICATION_DEFAULT, null),
                EndpointSpec.DEFAULT_CALL_TIMEOUT,
                EndpointSpec.DEFAULT_CONNECT_TIMEOUT,
                EndpointSpec.DEFAULT_MAX_NUM_BATCH_REQUESTS,
                PayloadLimits.HTTP_MAX_PAYLOAD_BYTES,
                RetrySpec.defaults());
    }

    /** A {@code ferry.endpoints.v1/knative} endpoint reached at its URL's own host. */
    public static KnativeEndpointSpec knative(String functions, String urlPathTemplate) {
        return new KnativeEndpointSpec(
                FunctionPattern.parse(functions),
                urlPathTemplate,
                null,
                EndpointSpec.DEFAULT_CALL_TIMEOUT,
                EndpointSpec.DEFAULT_CONNECT_TIMEOUT,
                KnativeEndpointSpec.DEFAULT_COLD_START_BUDGET,
                EndpointSpec.DEFAULT_MAX_NUM_BATCH_REQUESTS,
                RetrySpec.defaults());
    }

    public static PrintEgressSpec print(String id) {
        return new PrintEgressSpec(TypeName.parse(id), PrintEgressSpec.Output.STDOUT);
    }

    /** StateFun's playground ingress on loopback. */
    public static PlaygroundIngressSpec playgroundIngress(int port) {
        return new PlaygroundIngressSpec(PlaygroundIngressSpec.DEFAULT_BIND_ADDRESS, port);
    }

    /** StateFun's playground egress on loopback. */
    public static PlaygroundEgressSpec playgroundEgress(int port, String... topics) {
        return new PlaygroundEgressSpec(
                PlaygroundIngressSpec.DEFAULT_BIND_ADDRESS, port, java.util.List.of(topics));
    }
}
