package dev.ferry.runtime.core.dispatch;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

/**
 * After a restore, sends again every batch that was in flight at the checkpoint: its reply was
 * never applied, so invocation is at-least-once and state changes exactly-once.
 */
final class InFlightRecovery {
    private record InFlight(FunctionAddress address, byte[] batch) {}

    private InFlightRecovery() {}

    /** Re-sends the restored batches in flight; returns how many there were. */
    static int resend(KeyedStateBackend<String> backend, BatchSender sender) throws Exception {
        // Collected first: sending changes the state being iterated over.
        List<InFlight> restored = new ArrayList<>();
        backend.applyToAllKeys(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                AddressBatches.IN_FLIGHT,
                (key, state) -> {
                    for (Map.Entry<String, byte[]> entry : state.entries()) {
                        restored.add(
                                new InFlight(
                                        new FunctionAddress(TypeName.parse(entry.getKey()), key),
                                        entry.getValue()));
                    }
                });
        for (InFlight inFlight : restored) {
            // The sender sets the key of each address: a send may wait for a reply that moves it.
            sender.send(inFlight.address(), AddressBatches.decode(inFlight.batch()));
        }
        return restored.size();
    }
}
