package dev.ferry.runtime.core.translation;

import dev.ferry.invokers.RetryPolicy;
import dev.ferry.invokers.http.HttpEndpointConfig;
import dev.ferry.invokers.http.HttpInvoker;
import dev.ferry.protocol.PayloadLimits;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.config.FerryOptions;
import dev.ferry.runtime.core.dispatch.DispatcherSpec;
import dev.ferry.runtime.core.dispatch.FunctionBinding;
import dev.ferry.runtime.core.dispatch.InvokerFactory;
import dev.ferry.runtime.module.CloudFunctionsEndpointSpec;
import dev.ferry.runtime.module.EgressSpec;
import dev.ferry.runtime.module.EndpointSpec;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import dev.ferry.runtime.module.HttpEndpointSpec;
import dev.ferry.runtime.module.HttpIngressSpec;
import dev.ferry.runtime.module.IngressRoute;
import dev.ferry.runtime.module.IngressSpec;
import dev.ferry.runtime.module.KafkaEgressSpec;
import dev.ferry.runtime.module.KafkaIngressSpec;
import dev.ferry.runtime.module.KinesisEgressSpec;
import dev.ferry.runtime.module.KinesisIngressSpec;
import dev.ferry.runtime.module.KnativeEndpointSpec;
import dev.ferry.runtime.module.LambdaEndpointSpec;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.PlaygroundEgressSpec;
import dev.ferry.runtime.module.PlaygroundIngressSpec;
import dev.ferry.runtime.module.PrintEgressSpec;
import dev.ferry.runtime.module.RetrySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a loaded module into a {@link JobPlan}: each endpoint into a binding with its invoker, each
 * ingress and egress into its connector. Components this build cannot run yet fail here, before
 * anything starts, with a message that says so.
 */
public final class ModulePlanner {
    private ModulePlanner() {}

    public static JobPlan plan(Module module) {
        return plan(module, Map.of());
    }

    /**
     * Plans a module; {@code egressOverrides} replaces the sink of the named egresses (tests and
     * embedded users collect records this way).
     */
    public static JobPlan plan(
            Module module, Map<TypeName, Function<EgressSpec, EgressPlan>> egressOverrides) {
        List<String> unsupported = new ArrayList<>();
        List<FunctionBinding> bindings = new ArrayList<>();
        for (EndpointSpec endpoint : module.endpoints()) {
            EndpointPlan served = endpointPlan(endpoint);
            if (served == null) {
                unsupported.add(
                        "endpoint kind "
                                + endpoint.kind()
                                + " (functions "
                                + endpoint.functions()
                                + ")");
                continue;
            }
            RetrySpec retry = endpoint.retry();
            bindings.add(
                    new FunctionBinding(
                            endpoint.functions(),
                            endpoint.kind() + " " + served.target(),
                            served.invokerFactory(),
                            endpoint.maxNumBatchRequests(),
                            retry.onExhausted() == RetrySpec.OnExhausted.DEAD_LETTER,
                            retry.deadLetterEgress(),
                            endpoint.addressBatching().enabled(),
                            endpoint.addressBatching().maxRequestsInFlight(),
                            retryPolicy(endpoint)));
        }
        List<IngressPlan> ingresses = new ArrayList<>();
        for (IngressSpec ingress : module.ingresses()) {
            if (ingress instanceof GeneratorIngressSpec generator) {
                ingresses.add(new GeneratorIngressPlan(generator));
            } else if (ingress instanceof KafkaIngressSpec kafka) {
                ingresses.add(new KafkaIngressPlan(kafka, unserved(kafka.topics(), bindings)));
            } else if (ingress instanceof HttpIngressSpec http) {
                ingresses.add(
                        new HttpIngressPlan(
                                http, bindings.stream().map(FunctionBinding::functions).toList()));
            } else if (ingress instanceof KinesisIngressSpec kinesis) {
                ingresses.add(
                        new KinesisIngressPlan(kinesis, unserved(kinesis.streams(), bindings)));
            } else if (ingress instanceof PlaygroundIngressSpec playground) {
                List<FunctionPattern> served =
                        bindings.stream().map(FunctionBinding::functions).toList();
                ingresses.add(new PlaygroundIngressPlan(playground, served));
            } else {
                unsupported.add("ingress kind " + ingress.kind() + " (" + ingress.id() + ")");
            }
        }
        List<EgressPlan> egresses = new ArrayList<>();
        Set<TypeName> egressIds = new LinkedHashSet<>();
        for (EgressSpec egress : module.egresses()) {
            egressIds.add(egress.id());
            var override = egressOverrides.get(egress.id());
            if (override != null) {
                egresses.add(override.apply(egress));
            } else if (egress instanceof PrintEgressSpec print) {
                egresses.add(new PrintEgressPlan(print));
            } else if (egress instanceof KafkaEgressSpec kafka) {
                egresses.add(new KafkaEgressPlan(kafka));
            } else if (egress instanceof KinesisEgressSpec kinesis) {
                egresses.add(new KinesisEgressPlan(kinesis));
            } else if (egress instanceof PlaygroundEgressSpec playground) {
                egresses.add(new PlaygroundEgressPlan(playground));
            } else {
                unsupported.add("egress kind " + egress.kind() + " (" + egress.id() + ")");
            }
        }
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException(
                    "this Ferry build cannot run yet: "
                            + String.join(", ", unsupported)
                            + ". Supported now: io.statefun.endpoints.v1/http, io.statefun.endpoints.v2/http,"
                            + " ferry.endpoints.v1/knative, ferry.endpoints.v1/cloudfunctions,"
                            + " ferry.endpoints.v1/lambda,"
                            + " io.statefun.kafka.v1/ingress, io.statefun.kafka.v1/egress,"
                            + " io.statefun.kinesis.v1/ingress, io.statefun.kinesis.v1/egress,"
                            + " io.statefun.playground.v1/ingress, io.statefun.playground.v1/egress,"
                            + " ferry.io.v1/generator, ferry.io.v1/http, ferry.io.v1/print");
        }
        return new JobPlan(
                ingresses,
                new DispatcherSpec(
                        bindings, egressIds, FerryOptions.MAX_IN_FLIGHT_PER_TASK.defaultValue()),
                egresses);
    }

    /** The target types of {@code routes} that no binding serves. */
    static Set<TypeName> unserved(List<IngressRoute> routes, List<FunctionBinding> bindings) {
        DispatcherSpec served = new DispatcherSpec(bindings, Set.of(), 0);
        Set<TypeName> unserved = new LinkedHashSet<>();
        for (IngressRoute route : routes) {
            for (TypeName target : route.targets()) {
                if (served.bindingFor(target).isEmpty()) {
                    unserved.add(target);
                }
            }
        }
        return unserved;
    }

    /**
     * How an endpoint is served: the target named in errors and the factory of its invoker.
     *
     * @param target the URL template, function name or ARN the endpoint calls
     */
    record EndpointPlan(String target, InvokerFactory invokerFactory) {}

    /** The endpoint's retry policy, its deadline the call timeout its invoker gets. */
    private static RetryPolicy retryPolicy(EndpointSpec endpoint) {
        Duration callTimeout = EndpointSpec.DEFAULT_CALL_TIMEOUT;
        if (endpoint instanceof HttpEndpointSpec http) {
            callTimeout = http.transport().call();
        } else if (endpoint instanceof KnativeEndpointSpec knative) {
            callTimeout = knative.callTimeout();
        } else if (endpoint instanceof LambdaEndpointSpec lambda) {
            callTimeout = lambda.timeout();
        } else if (endpoint instanceof CloudFunctionsEndpointSpec functions) {
            callTimeout = functions.callTimeout();
        }
        return endpoint.retry().toPolicy(callTimeout);
    }

    /** The invoker of an endpoint, or null for kinds this build cannot serve. */
    static EndpointPlan endpointPlan(EndpointSpec endpoint) {
        HttpEndpointConfig http = httpConfig(endpoint);
        if (http != null) {
            return new EndpointPlan(http.urlPathTemplate(), () -> HttpInvoker.create(http));
        }
        if (endpoint instanceof CloudFunctionsEndpointSpec cloudFunctions) {
            return CloudFunctionsEndpoints.plan(cloudFunctions);
        }
        if (endpoint instanceof LambdaEndpointSpec lambda) {
            return LambdaEndpoints.plan(lambda);
        }
        return null;
    }

    /** The HTTP invoker configuration of an endpoint, or null for kinds it does not serve. */
    static HttpEndpointConfig httpConfig(EndpointSpec endpoint) {
        if (endpoint instanceof HttpEndpointSpec http) {
            HttpEndpointSpec.Transport transport = http.transport();
            HttpEndpointConfig.TlsConfig tls =
                    transport.trustCaCerts() == null && transport.clientCert() == null
                            ? null
                            : new HttpEndpointConfig.TlsConfig(
                                    transport.trustCaCerts(),
                                    transport.clientCert(),
                                    transport.clientKey(),
                                    transport.clientKeyPassword());
            return new HttpEndpointConfig(
                    http.urlPathTemplate(),
                    null,
                    transport.connect(),
                    // okhttp's read timeout bounds one attempt; the async transport has none.
                    transport.read() != null
                            ? transport.read()
                            : HttpEndpointConfig.DEFAULT_ATTEMPT_TIMEOUT,
                    transport.poolSize(),
                    transport.poolTtl() == null ? Duration.ofSeconds(15) : transport.poolTtl(),
                    transport.payloadMaxBytes(),
                    tls,
                    http.retry().toPolicy(transport.call()),
                    null,
                    transport.type() == HttpEndpointSpec.TransportType.ASYNC
                            ? "transport.payload_max_bytes"
                            : "the fixed limit of the okhttp transport");
        }
        if (endpoint instanceof KnativeEndpointSpec knative) {
            return new HttpEndpointConfig(
                    knative.urlPathTemplate(),
                    knative.hostTemplate(),
                    knative.connectTimeout(),
                    HttpEndpointConfig.DEFAULT_ATTEMPT_TIMEOUT,
                    HttpEndpointConfig.REMOTE_POOL_SIZE,
                    Duration.ofSeconds(15),
                    PayloadLimits.HTTP_MAX_PAYLOAD_BYTES,
                    null,
                    knative.retry().toPolicy(knative.callTimeout()),
                    knative.coldStartBudget(),
                    "the fixed limit of " + KnativeEndpointSpec.KIND + " endpoints");
        }
        return null;
    }
}
