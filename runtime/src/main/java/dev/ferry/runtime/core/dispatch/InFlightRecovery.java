package dev.ferry.runtime.core.dispatch;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

/**
 * After a restore, sends again every batch that was in flight at the checkpoint: its reply was
 * never applied, so invocation is at-least-once and state changes exactly-once.
 */
final class InFlightRecovery {
    private InFlightRecovery() {}

    /**
     * Re-sends the restored batches in flight of this subtask's {@code keyGroups}; returns how many
     * there were.
     *
     * @param legacy whether the checkpoint may be one that kept them in keyed state (any restored
     *     one)
     */
    static int resend(
            KeyedStateBackend<String> backend,
            AddressBatches batches,
            BatchSender sender,
            KeyGroupRange keyGroups,
            int maxParallelism,
            boolean legacy)
            throws Exception {
        List<AddressBatches.Restored> restored =
                new ArrayList<>(batches.restoredInFlight(keyGroups, maxParallelism));
        if (legacy) {
            restored.addAll(takeLegacy(backend));
        }
        for (AddressBatches.Restored inFlight : restored) {
            // The sender sets the key of each address: a send may wait for a reply that moves it.
            backend.setCurrentKey(inFlight.address().id());
            batches.backlogMayBeWaiting(inFlight.address().type().asString());
            sender.send(inFlight.address(), inFlight.batch());
        }
        return restored.size();
    }

    /**
     * The batches in flight of a checkpoint taken while they were kept in keyed state, removed from
     * it: re-sent once now, they are in operator state from the next checkpoint on.
     */
    private static List<AddressBatches.Restored> takeLegacy(KeyedStateBackend<String> backend)
            throws Exception {
        // Collected first: clearing changes the state being iterated over.
        List<AddressBatches.Restored> restored = new ArrayList<>();
        backend.applyToAllKeys(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                AddressBatches.LEGACY_IN_FLIGHT,
                (key, state) -> {
                    for (Map.Entry<String, byte[]> entry : state.entries()) {
                        restored.add(
                                new AddressBatches.Restored(
                                        new FunctionAddress(TypeName.parse(entry.getKey()), key),
                                        AddressBatches.decode(entry.getValue())));
                    }
                });
        if (restored.isEmpty()) {
            return restored;
        }
        MapState<String, byte[]> legacy =
                backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        AddressBatches.LEGACY_IN_FLIGHT);
        for (AddressBatches.Restored inFlight : restored) {
            backend.setCurrentKey(inFlight.address().id());
            legacy.clear();
        }
        return restored;
    }
}
