package dev.ferry.runtime.core.dispatch;

import static dev.ferry.runtime.core.dispatch.DispatchFunctions.COUNTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.core.message.EnvelopeKeySelector;
import dev.ferry.runtime.core.message.EnvelopeSerializer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The batches in flight at a checkpoint are in operator state: after a rescale each subtask sends
 * again exactly the batches of its own key groups, and a checkpoint that kept them in keyed state
 * (before they moved) still has them sent again, once.
 */
class InFlightCheckpointDispatchTest {
    private static final int KEYS = 12;
    private static final int MAX_PARALLELISM = 128;

    @Test
    void afterARescaleEachSubtaskResendsTheBatchesOfItsOwnKeys() throws Exception {
        SdkInvoker before = new SdkInvoker(DispatchFunctions.all()).gated();
        OperatorSubtaskState checkpoint;
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(before.factory(), false, 0))) {
            for (int key = 0; key < KEYS; key++) {
                dispatcher.send(COUNTER, "k" + key, "first");
            }
            dispatcher.releaseUntilOut(before, KEYS);
            for (int key = 0; key < KEYS; key++) {
                dispatcher.send(COUNTER, "k" + key, "in flight");
            }
            assertThat(before.heldCount()).isEqualTo(KEYS);
            checkpoint = dispatcher.harness.snapshot(1, 1);
        }

        Set<String> resentIds = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            OperatorSubtaskState part =
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(
                            checkpoint, MAX_PARALLELISM, 1, 2, subtask);
            SdkInvoker after = new SdkInvoker(DispatchFunctions.all());
            try (DispatcherHarness restored =
                    DispatcherHarness.open(
                            DispatcherHarness.spec(after.factory(), false, 0), part, 2, subtask)) {
                List<String> ids =
                        after.requests().stream()
                                .map(request -> request.getInvocation().getTarget().getId())
                                .toList();
                assertThat(ids).isNotEmpty().doesNotHaveDuplicates();
                // Every re-sent id is one this subtask owns, and none was sent by the other one.
                KeyGroupRange owned =
                        KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                                MAX_PARALLELISM, 2, subtask);
                for (String id : ids) {
                    assertThat(
                                    owned.contains(
                                            KeyGroupRangeAssignment.assignToKeyGroup(
                                                    id, MAX_PARALLELISM)))
                            .as("subtask %d owns %s", subtask, id)
                            .isTrue();
                    assertThat(resentIds.add(id)).as("%s re-sent by two subtasks", id).isTrue();
                }
                out.addAll(restored.awaitOut(ids.size()));
            }
        }
        assertThat(resentIds).hasSize(KEYS);
        assertThat(out).hasSize(KEYS).allMatch(text -> text.endsWith(" 2 in flight"));
    }

    @Test
    void aBatchInFlightKeptInKeyedStateByAnOlderCheckpointIsResentOnce() throws Exception {
        OperatorSubtaskState legacy = legacyCheckpointWithBatchInFlight("a", "x");

        SdkInvoker first = new SdkInvoker(DispatchFunctions.all());
        OperatorSubtaskState next;
        try (DispatcherHarness restored =
                DispatcherHarness.open(
                        DispatcherHarness.spec(first.factory(), false, 0), legacy, 1, 0)) {
            assertThat(restored.awaitOut(1)).containsExactly("a 1 x");
            next = restored.harness.snapshot(2, 2);
        }

        // The next checkpoint neither keeps the old entry nor any batch in flight: nothing is sent
        // again, and the address takes new messages.
        SdkInvoker second = new SdkInvoker(DispatchFunctions.all());
        try (DispatcherHarness restored =
                DispatcherHarness.open(
                        DispatcherHarness.spec(second.factory(), false, 0), next, 1, 0)) {
            assertThat(second.requests()).isEmpty();
            restored.send(COUNTER, "a", "y");
            assertThat(restored.awaitOut(1)).containsExactly("a 2 y");
        }
    }

    /**
     * A checkpoint as the dispatcher wrote it while batches in flight were keyed state: {@code id}
     * of the counter has a batch with {@code text} in flight.
     */
    private static OperatorSubtaskState legacyCheckpointWithBatchInFlight(String id, String text)
            throws Exception {
        try (var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new LegacyInFlightWriter(),
                        new EnvelopeKeySelector(),
                        Types.STRING,
                        MAX_PARALLELISM,
                        1,
                        0)) {
            harness.setup(EnvelopeSerializer.INSTANCE);
            harness.open();
            harness.processElement(
                    new StreamRecord<>(
                            new Envelope(
                                    new FunctionAddress(
                                            new TypeName(COUNTER.namespace(), COUNTER.name()), id),
                                    null,
                                    "io.statefun.types/string",
                                    DispatchFunctions.string(text))));
            return harness.snapshot(1, 1);
        }
    }

    /** Marks each message's address as having it in flight, the way the keyed state held it. */
    private static final class LegacyInFlightWriter extends AbstractStreamOperator<Envelope>
            implements OneInputStreamOperator<Envelope, Envelope> {
        @Override
        public void processElement(StreamRecord<Envelope> element) throws Exception {
            Envelope envelope = element.getValue();
            getKeyedStateBackend()
                    .getPartitionedState(
                            VoidNamespace.INSTANCE,
                            VoidNamespaceSerializer.INSTANCE,
                            AddressBatches.LEGACY_IN_FLIGHT)
                    .put(
                            envelope.target().type().asString(),
                            ToFunction.InvocationBatchRequest.newBuilder()
                                    .addInvocations(Requests.invocationOf(envelope))
                                    .build()
                                    .toByteArray());
        }
    }
}
