package dev.ferry.runtime.module.internal;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.EgressSpec;
import dev.ferry.runtime.module.EndpointSpec;
import dev.ferry.runtime.module.IngressSpec;
import dev.ferry.runtime.module.KafkaEgressSpec;
import dev.ferry.runtime.module.KinesisEgressSpec;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.RetrySpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * What the binders of one file produced, with the nodes that module-wide checks report at: one
 * binding per function type and per namespace, unique ingress and egress ids, declared dead-letter
 * egresses.
 */
public final class ModuleParts {
    private record Placed<T>(T spec, Node node, Node deadLetterNode) {}

    private final List<Placed<EndpointSpec>> endpoints = new ArrayList<>();
    private final List<Placed<IngressSpec>> ingresses = new ArrayList<>();
    private final List<Placed<EgressSpec>> egresses = new ArrayList<>();

    void addEndpoint(EndpointSpec endpoint, Node functionsNode, Node deadLetterNode) {
        endpoints.add(new Placed<>(endpoint, functionsNode, deadLetterNode));
    }

    void addIngress(IngressSpec ingress, Node idNode) {
        ingresses.add(new Placed<>(ingress, idNode, null));
    }

    /**
     * An ingress whose bad records may go to a dead-letter egress named at {@code deadLetterNode}.
     */
    void addIngress(IngressSpec ingress, Node idNode, Node deadLetterNode) {
        ingresses.add(new Placed<>(ingress, idNode, deadLetterNode));
    }

    void addEgress(EgressSpec egress, Node idNode) {
        egresses.add(new Placed<>(egress, idNode, null));
    }

    /** Reports what is wrong across components. */
    void check(Problems problems) {
        Map<String, Node> bound = new HashMap<>();
        for (Placed<EndpointSpec> endpoint : endpoints) {
            String pattern = endpoint.spec().functions().toString();
            Node first = bound.putIfAbsent(pattern, endpoint.node());
            if (first != null) {
                problems.at(
                        endpoint.node(),
                        "functions '"
                                + pattern
                                + "' are already bound at line "
                                + first.getStartMark().map(m -> m.getLine() + 1).orElse(0),
                        "each function type and each namespace bound by one endpoint");
            }
        }
        Map<TypeName, Node> ingressIds = new HashMap<>();
        for (Placed<IngressSpec> ingress : ingresses) {
            if (ingressIds.putIfAbsent(ingress.spec().id(), ingress.node()) != null) {
                problems.at(
                        ingress.node(),
                        "ingress id '" + ingress.spec().id() + "' is declared twice",
                        "a unique id per ingress");
            }
        }
        Map<TypeName, Node> egressIds = new HashMap<>();
        for (Placed<EgressSpec> egress : egresses) {
            if (egressIds.putIfAbsent(egress.spec().id(), egress.node()) != null) {
                problems.at(
                        egress.node(),
                        "egress id '" + egress.spec().id() + "' is declared twice",
                        "a unique id per egress");
            }
        }
        for (Placed<EndpointSpec> endpoint : endpoints) {
            RetrySpec retry = endpoint.spec().retry();
            if (retry.onExhausted() == RetrySpec.OnExhausted.DEAD_LETTER
                    && retry.deadLetterEgress() != null
                    && !egressIds.containsKey(retry.deadLetterEgress())) {
                problems.at(
                        endpoint.deadLetterNode(),
                        "dead-letter egress '" + retry.deadLetterEgress() + "' is not declared",
                        "the id of an egress in this module ("
                                + (egressIds.isEmpty() ? "it declares none" : egressIds.keySet())
                                + ")");
            }
            deadLetterDestination(retry.deadLetterEgress(), endpoint.deadLetterNode(), problems);
        }
        for (Placed<IngressSpec> ingress : ingresses) {
            TypeName deadLetter = ingress.spec().badRecords().deadLetterEgress();
            Node at = ingress.deadLetterNode() != null ? ingress.deadLetterNode() : ingress.node();
            if (deadLetter != null && !egressIds.containsKey(deadLetter)) {
                problems.at(
                        at,
                        "dead-letter egress '" + deadLetter + "' is not declared",
                        "the id of an egress in this module ("
                                + (egressIds.isEmpty() ? "it declares none" : egressIds.keySet())
                                + ")");
            }
            deadLetterDestination(deadLetter, at, problems);
        }
    }

    /**
     * A Kafka or Kinesis egress receiving dead letters must say which topic or stream they go to
     * (its ordinary records name their own); without it the first dead letter would fail the job.
     */
    private void deadLetterDestination(TypeName deadLetter, Node at, Problems problems) {
        for (Placed<EgressSpec> egress : egresses) {
            if (!egress.spec().id().equals(deadLetter)) {
                continue;
            }
            if (egress.spec() instanceof KafkaEgressSpec kafka && kafka.deadLetterTopic() == null) {
                missingDestination(
                        deadLetter, "Kafka", "a topic", "deadLetterTopic: <topic>", at, problems);
            } else if (egress.spec() instanceof KinesisEgressSpec kinesis
                    && kinesis.deadLetterStream() == null) {
                missingDestination(
                        deadLetter,
                        "Kinesis",
                        "a stream",
                        "deadLetterStream: <stream>",
                        at,
                        problems);
            }
            return;
        }
    }

    private static void missingDestination(
            TypeName deadLetter,
            String connector,
            String destination,
            String key,
            Node at,
            Problems problems) {
        problems.at(
                at,
                "dead-letter egress '"
                        + deadLetter
                        + "' is a "
                        + connector
                        + " egress without "
                        + destination
                        + " for dead letters",
                key + " in the spec of egress " + deadLetter);
    }

    Module toModule() {
        return new Module(
                endpoints.stream().map(Placed::spec).toList(),
                ingresses.stream().map(Placed::spec).toList(),
                egresses.stream().map(Placed::spec).toList());
    }
}
