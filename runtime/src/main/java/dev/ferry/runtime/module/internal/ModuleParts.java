package dev.ferry.runtime.module.internal;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.EgressSpec;
import dev.ferry.runtime.module.EndpointSpec;
import dev.ferry.runtime.module.IngressSpec;
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

    /**
     * What an egress lacks to take dead letters: a Kafka or Kinesis egress must say which topic or
     * stream they go to (its ordinary records name their own).
     *
     * @param connector the egress's system, as a message names it ("Kafka")
     * @param destination what is missing ("a topic")
     * @param key the key that would give it ("deadLetterTopic: <topic>")
     */
    record MissingDeadLetterDestination(String connector, String destination, String key) {}

    private record PlacedEgress(
            EgressSpec spec, Node node, MissingDeadLetterDestination missingDestination) {}

    private final List<Placed<EndpointSpec>> endpoints = new ArrayList<>();
    private final List<Placed<IngressSpec>> ingresses = new ArrayList<>();
    private final List<PlacedEgress> egresses = new ArrayList<>();

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

    /** An egress that can take dead letters as it is. */
    void addEgress(EgressSpec egress, Node idNode) {
        addEgress(egress, idNode, null);
    }

    /** An egress that cannot take dead letters without {@code missing}, unless that is null. */
    void addEgress(EgressSpec egress, Node idNode, MissingDeadLetterDestination missing) {
        egresses.add(new PlacedEgress(egress, idNode, missing));
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
        for (PlacedEgress egress : egresses) {
            if (egressIds.putIfAbsent(egress.spec().id(), egress.node()) != null) {
                problems.at(
                        egress.node(),
                        "egress id '" + egress.spec().id() + "' is declared twice",
                        "a unique id per egress");
            }
        }
        for (Placed<EndpointSpec> endpoint : endpoints) {
            RetrySpec retry = endpoint.spec().retry();
            if (retry.onExhausted() == RetrySpec.OnExhausted.DEAD_LETTER) {
                declared(retry.deadLetterEgress(), endpoint.deadLetterNode(), egressIds, problems);
            }
            deadLetterDestination(retry.deadLetterEgress(), endpoint.deadLetterNode(), problems);
        }
        for (Placed<IngressSpec> ingress : ingresses) {
            TypeName deadLetter = ingress.spec().badRecords().deadLetterEgress();
            Node at = ingress.deadLetterNode() != null ? ingress.deadLetterNode() : ingress.node();
            declared(deadLetter, at, egressIds, problems);
            deadLetterDestination(deadLetter, at, problems);
        }
    }

    /** Without a destination for dead letters the first one would fail the job. */
    private void deadLetterDestination(TypeName deadLetter, Node at, Problems problems) {
        for (PlacedEgress egress : egresses) {
            if (!egress.spec().id().equals(deadLetter)) {
                continue;
            }
            MissingDeadLetterDestination missing = egress.missingDestination();
            if (missing != null) {
                problems.at(
                        at,
                        "dead-letter egress '"
                                + deadLetter
                                + "' is a "
                                + missing.connector()
                                + " egress without "
                                + missing.destination()
                                + " for dead letters",
                        missing.key() + " in the spec of egress " + deadLetter);
            }
            return;
        }
    }

    /** Reports a dead-letter egress (when there is one) that the module does not declare. */
    private static void declared(
            TypeName deadLetter, Node at, Map<TypeName, Node> egressIds, Problems problems) {
        if (deadLetter != null && !egressIds.containsKey(deadLetter)) {
            problems.at(
                    at,
                    "dead-letter egress '" + deadLetter + "' is not declared",
                    "the id of an egress in this module ("
                            + (egressIds.isEmpty() ? "it declares none" : egressIds.keySet())
                            + ")");
        }
    }

    Module toModule() {
        return new Module(
                endpoints.stream().map(Placed::spec).toList(),
                ingresses.stream().map(Placed::spec).toList(),
                egresses.stream().map(PlacedEgress::spec).toList());
    }
}
