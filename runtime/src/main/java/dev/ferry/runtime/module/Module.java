package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * A loaded module: its endpoints, ingresses and egresses, immutable and ready to run. Build one
 * from YAML with {@link ModuleLoader} or in code with {@link ModuleBuilder}.
 */
public record Module(
        List<EndpointSpec> endpoints, List<IngressSpec> ingresses, List<EgressSpec> egresses)
        implements Serializable {

    public Module {
        endpoints = List.copyOf(endpoints);
        ingresses = List.copyOf(ingresses);
        egresses = List.copyOf(egresses);
    }

    /** The endpoint serving a function type: a binding of the type wins over its namespace's. */
    public Optional<EndpointSpec> endpointFor(TypeName functionType) {
        EndpointSpec byNamespace = null;
        for (EndpointSpec endpoint : endpoints) {
            if (endpoint.functions().matches(functionType)) {
                if (!endpoint.functions().isWildcard()) {
                    return Optional.of(endpoint);
                }
                byNamespace = endpoint;
            }
        }
        return Optional.ofNullable(byNamespace);
    }

    public Optional<EgressSpec> egress(TypeName id) {
        return egresses.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /**
     * This module and {@code other} together (several module files make one application).
     *
     * @throws IllegalArgumentException when the two bind the same functions or declare the same id
     */
    public Module merge(Module other) {
        ModuleBuilder builder = ModuleBuilder.create();
        for (Module module : List.of(this, other)) {
            module.endpoints.forEach(builder::endpoint);
            module.ingresses.forEach(builder::ingress);
            module.egresses.forEach(builder::egress);
        }
        return builder.build();
    }

    /** One line for people: how many of each component. */
    public String summary() {
        return plural(endpoints.size(), "endpoint")
                + ", "
                + plural(ingresses.size(), "ingress", "ingresses")
                + ", "
                + plural(egresses.size(), "egress", "egresses");
    }

    private static String plural(int n, String one) {
        return plural(n, one, one + "s");
    }

    private static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
