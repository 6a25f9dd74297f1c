package dev.ferry.runtime.core.dispatch;

import dev.ferry.invokers.Invoker;
import dev.ferry.protocol.TypeName;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The invokers of one task, one per endpoint (bindings naming the same endpoint share it), and the
 * binding of each function type, looked up once.
 */
final class Invokers implements AutoCloseable {
    private final DispatcherSpec spec;
    private final Map<String, Invoker> byEndpoint = new HashMap<>();
    private final Map<TypeName, Optional<FunctionBinding>> bindings = new HashMap<>();

    Invokers(DispatcherSpec spec, DispatchListener listener) {
        this.spec = spec;
        for (FunctionBinding binding : spec.bindings()) {
            byEndpoint.computeIfAbsent(
                    binding.endpointName(),
                    name -> {
                        Invoker invoker = binding.invokerFactory().create();
                        invoker.observe(listener.endpoint(name));
                        return invoker;
                    });
        }
    }

    /** The binding serving {@code type}, if an endpoint serves it. */
    Optional<FunctionBinding> bindingFor(TypeName type) {
        return bindings.computeIfAbsent(type, spec::bindingFor);
    }

    Invoker invokerOf(FunctionBinding binding) {
        return byEndpoint.get(binding.endpointName());
    }

    @Override
    public void close() {
        byEndpoint.values().forEach(Invoker::close);
        byEndpoint.clear();
    }
}
