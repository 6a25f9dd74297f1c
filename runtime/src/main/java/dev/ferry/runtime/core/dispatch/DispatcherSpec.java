package dev.ferry.runtime.core.dispatch;

import dev.ferry.protocol.TypeName;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the dispatcher needs: how each function type is served, the egresses functions may
 * name, and the task-wide bound on invocations in flight (0 or less: unbounded).
 */
public record DispatcherSpec(
        List<FunctionBinding> bindings, Set<TypeName> egressIds, int maxInFlightPerTask)
        implements Serializable {

    /** StateFun's default bound on asynchronous operations per task. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 32 * 1024;

    public DispatcherSpec {
        bindings = List.copyOf(bindings);
        egressIds = Set.copyOf(egressIds);
    }

    /** The binding serving {@code type}: a binding of the type wins over its namespace's. */
    public Optional<FunctionBinding> bindingFor(TypeName type) {
        FunctionBinding namespace = null;
        for (FunctionBinding binding : bindings) {
            if (binding.functions().matches(type)) {
                if (!binding.functions().isWildcard()) {
                    return Optional.of(binding);
                }
                namespace = binding;
            }
        }
        return Optional.ofNullable(namespace);
    }
}
