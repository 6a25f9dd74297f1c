package dev.ferry.runtime.core.dispatch;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.ToFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One missing-state handshake per function type, not per address. Until a function type has
 * answered once in this task, and while it has no declared states, only one of its addresses (the
 * probe) is called; the batches of its other addresses are held, and go out when the probe's
 * outcome arrives, by then with the states the function declared and with what arrived for them
 * meanwhile ({@link BatchSender#answered}). Without the gate a new job calls every address of a
 * type before the first reply comes back, and each of them answers "missing state" and is called
 * again: a thousand addresses cost a thousand extra invocations and the round trips of a cold
 * start.
 *
 * <p>A held batch is marked in flight by the caller, so the address queues what arrives for it
 * meanwhile and a checkpoint taken while it is held re-sends it on restore. The gate itself is not
 * checkpointed: after a restore the registry knows the declared states, and a type without any
 * probes once more.
 */
final class HandshakeGate {
    /** A batch held back until its function type's probe has an outcome. */
    record Held(FunctionAddress address, List<ToFunction.Invocation> batch) {}

    private final Set<TypeName> answered = new HashSet<>();
    private final Map<TypeName, FunctionAddress> probes = new HashMap<>();
    private final Map<TypeName, Map<FunctionAddress, Held>> held = new HashMap<>();

    /**
     * Whether {@code address} may be called now; when not, its batch is held.
     *
     * @param statesDeclared whether the function type has declared states (from this run or a
     *     restored checkpoint): then no handshake is to be expected, and nothing waits
     */
    boolean mayCall(
            FunctionAddress address, List<ToFunction.Invocation> batch, boolean statesDeclared) {
        TypeName type = address.type();
        if (answered.contains(type)) {
            return true;
        }
        if (statesDeclared) {
            answered.add(type);
            return true;
        }
        FunctionAddress probe = probes.putIfAbsent(type, address);
        if (probe == null || probe.equals(address)) {
            return true;
        }
        held.computeIfAbsent(type, t -> new LinkedHashMap<>())
                .put(address, new Held(address, batch));
        return false;
    }

    /**
     * An outcome for an address of {@code type} arrived (a result, a missing-state answer or a
     * failure): the type's held batches, in the order they were held, to be sent now.
     */
    List<Held> answered(TypeName type) {
        if (!answered.add(type) && !held.containsKey(type)) {
            return List.of(); // every outcome passes here: the common case costs one lookup
        }
        // The probe's own re-send, with the declared states, may have marked the type already.
        probes.remove(type);
        Map<FunctionAddress, Held> waiting = held.remove(type);
        return waiting == null ? List.of() : new ArrayList<>(waiting.values());
    }

    /** Batches held in this task (for tests and metrics). */
    int heldCount() {
        return held.values().stream().mapToInt(Map::size).sum();
    }
}
