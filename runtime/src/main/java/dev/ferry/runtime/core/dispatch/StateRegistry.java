package dev.ferry.runtime.core.dispatch;

import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.protocol.wire.FromFunction.ExpirationSpec;
import dev.ferry.protocol.wire.FromFunction.PersistedValueSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The states each function type has declared, with their types and expiration. A function declares
 * a state by answering a request that lacks it (the missing-state handshake); the first declaration
 * of a name wins, and a different type later is an error.
 *
 * <p>The registry is operator state shared by every subtask (union list state), so after a restore
 * every request still carries every declared state.
 */
final class StateRegistry {
    /** One declared state. */
    record Spec(
            TypeName function,
            String name,
            String typename,
            ExpirationSpec.ExpireMode mode,
            long expireAfterMillis) {
        String encode() {
            return function.asString()
                    + "\t"
                    + name
                    + "\t"
                    + typename
                    + "\t"
                    + mode.name()
                    + "\t"
                    + expireAfterMillis;
        }

        static Spec decode(String text) {
            String[] parts = text.split("\t", -1);
            return new Spec(
                    TypeName.parse(parts[0]),
                    parts[1],
                    parts[2],
                    ExpirationSpec.ExpireMode.valueOf(parts[3]),
                    Long.parseLong(parts[4]));
        }

        /** Flink state name: namespace, function and state name, as StateFun names them. */
        String stateName() {
            return function.namespace() + "." + function.name() + "." + name;
        }

        ValueStateDescriptor<byte[]> descriptor() {
            ValueStateDescriptor<byte[]> descriptor =
                    new ValueStateDescriptor<>(
                            stateName(), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
            if (mode != ExpirationSpec.ExpireMode.NONE && expireAfterMillis > 0) {
                StateTtlConfig.UpdateType update =
                        mode == ExpirationSpec.ExpireMode.AFTER_WRITE
                                ? StateTtlConfig.UpdateType.OnCreateAndWrite
                                : StateTtlConfig.UpdateType.OnReadAndWrite;
                descriptor.enableTimeToLive(
                        StateTtlConfig.newBuilder(Duration.ofMillis(expireAfterMillis))
                                .setUpdateType(update)
                                .setStateVisibility(
                                        StateTtlConfig.StateVisibility.NeverReturnExpired)
                                .build());
            }
            return descriptor;
        }
    }

    private final Map<TypeName, Map<String, Spec>> byFunction = new LinkedHashMap<>();
    private ListState<String> persisted;

    void initialize(OperatorStateStore store) throws Exception {
        persisted =
                store.getUnionListState(
                        new ListStateDescriptor<>("ferry-registered-states", Types.STRING));
        for (String encoded : persisted.get()) {
            Spec spec = Spec.decode(encoded);
            byFunction
                    .computeIfAbsent(spec.function(), f -> new LinkedHashMap<>())
                    .putIfAbsent(spec.name(), spec);
        }
    }

    void snapshot() throws Exception {
        List<String> all = new ArrayList<>();
        byFunction
                .values()
                .forEach(specs -> specs.values().forEach(spec -> all.add(spec.encode())));
        persisted.update(all);
    }

    /** The declared states of a function, in declaration order. */
    List<Spec> statesOf(TypeName function) {
        return List.copyOf(byFunction.getOrDefault(function, Map.of()).values());
    }

    Spec get(TypeName function, String name) {
        return byFunction.getOrDefault(function, Map.of()).get(name);
    }

    /** Registers what a function declared; the first declaration of a name wins. */
    void register(TypeName function, PersistedValueSpec declared) {
        String typename =
                declared.getTypeTypename().isEmpty()
                        ? WellKnownTypes.UNSET
                        : declared.getTypeTypename();
        ExpirationSpec.ExpireMode mode =
                declared.hasExpirationSpec()
                        ? declared.getExpirationSpec().getMode()
                        : ExpirationSpec.ExpireMode.NONE;
        long millis =
                declared.hasExpirationSpec()
                        ? declared.getExpirationSpec().getExpireAfterMillis()
                        : 0;
        Map<String, Spec> states = byFunction.computeIfAbsent(function, f -> new LinkedHashMap<>());
        Spec existing = states.get(declared.getStateName());
        if (existing == null) {
            states.put(
                    declared.getStateName(),
                    new Spec(function, declared.getStateName(), typename, mode, millis));
        } else if (!existing.typename().equals(typename)) {
            throw new IllegalStateException(
                    "function "
                            + function
                            + " declares state '"
                            + declared.getStateName()
                            + "' of type "
                            + typename
                            + ", but it is registered with type "
                            + existing.typename());
        }
    }
}
