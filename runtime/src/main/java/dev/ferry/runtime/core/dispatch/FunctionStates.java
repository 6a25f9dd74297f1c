package dev.ferry.runtime.core.dispatch;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.protocol.wire.FromFunction.PersistedValueMutation;
import dev.ferry.protocol.wire.FromFunction.PersistedValueSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * The values of the states functions declared, in keyed state under the current key: read to be
 * attached to a request, changed by a reply. Which states exist, with which type, is the {@link
 * StateRegistry}'s; a change that does not fit it is reported, never applied.
 */
final class FunctionStates {
    /** Opens keyed state of the operator (the handle follows the current key). */
    @FunctionalInterface
    interface Opener {
        ValueState<byte[]> open(ValueStateDescriptor<byte[]> descriptor) throws Exception;
    }

    private final StateRegistry registry;
    private final Opener opener;
    // One handle per declared state: it follows the current key, so it is made once, not per
    // request.
    private final Map<StateRegistry.Spec, ValueState<byte[]>> handles = new HashMap<>();

    FunctionStates(StateRegistry registry, Opener opener) {
        this.registry = registry;
        this.opener = opener;
    }

    /** The declared states of a function, in declaration order. */
    List<StateRegistry.Spec> declaredBy(TypeName function) {
        return registry.statesOf(function);
    }

    /** The value of {@code state} under the current key, or null when it has none. */
    byte[] read(StateRegistry.Spec state) {
        try {
            return handle(state).value();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read state " + state.stateName(), e);
        }
    }

    /**
     * Why a function's declarations in a missing-state answer cannot be registered, or null when
     * they can.
     */
    String problemWithDeclarations(TypeName function, List<PersistedValueSpec> declared) {
        for (PersistedValueSpec spec : declared) {
            StateRegistry.Spec existing = registry.get(function, spec.getStateName());
            String typename =
                    spec.getTypeTypename().isEmpty()
                            ? WellKnownTypes.UNSET
                            : spec.getTypeTypename();
            if (existing != null && !existing.typename().equals(typename)) {
                return "declares state '"
                        + spec.getStateName()
                        + "' of type "
                        + typename
                        + ", but it is registered with type "
                        + existing.typename();
            }
        }
        return null;
    }

    void declare(TypeName function, List<PersistedValueSpec> declared) {
        for (PersistedValueSpec spec : declared) {
            registry.register(function, spec);
        }
    }

    /** Why the state changes of a reply cannot be applied, or null when they can. */
    String problemWithChanges(FunctionAddress self, List<PersistedValueMutation> mutations) {
        for (PersistedValueMutation mutation : mutations) {
            StateRegistry.Spec state = registry.get(self.type(), mutation.getStateName());
            if (state == null) {
                return "changed state '"
                        + mutation.getStateName()
                        + "', which it never declared (it declared "
                        + registry.statesOf(self.type()).stream()
                                .map(StateRegistry.Spec::name)
                                .toList()
                        + ")";
            }
            if (mutation.getMutationType() != PersistedValueMutation.MutationType.DELETE) {
                String typename = mutation.getStateValue().getTypename();
                if (!state.typename().equals(typename)
                        && !state.typename().equals(WellKnownTypes.UNSET)) {
                    return "wrote state '"
                            + state.name()
                            + "' as "
                            + typename
                            + ", but it is declared as "
                            + state.typename();
                }
            }
        }
        return null;
    }

    /** Applies checked state changes under the current key. */
    void apply(FunctionAddress self, List<PersistedValueMutation> mutations) throws Exception {
        for (PersistedValueMutation mutation : mutations) {
            ValueState<byte[]> value = handle(registry.get(self.type(), mutation.getStateName()));
            if (mutation.getMutationType() == PersistedValueMutation.MutationType.DELETE) {
                value.clear();
            } else {
                value.update(mutation.getStateValue().getValue().toByteArray());
            }
        }
    }

    void snapshot() throws Exception {
        registry.snapshot();
    }

    private ValueState<byte[]> handle(StateRegistry.Spec state) {
        return handles.computeIfAbsent(
                state,
                spec -> {
                    try {
                        return opener.open(spec.descriptor());
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot open state " + spec.stateName(), e);
                    }
                });
    }
}
