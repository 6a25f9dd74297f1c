package dev.ferry.runtime.core.dispatch;

import static dev.ferry.runtime.core.dispatch.DispatchFunctions.COUNTER;
import static dev.ferry.runtime.core.dispatch.DispatchFunctions.FORWARD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.wire.ToFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

/**
 * One missing-state handshake per function type: while a new job's first call of a type has not
 * answered, its other addresses wait, and then go with the states the function declared.
 */
class HandshakeDispatchTest {
    private static final int ADDRESSES = 20;

    @Test
    void manyAddressesOfANewTypeCostOneHandshakeNotOneEach() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated();
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), false, 0))) {
            for (int i = 0; i < ADDRESSES; i++) {
                dispatcher.send(COUNTER, "k" + i, "m");
            }
            // Only the first address is called until the function answers.
            assertThat(invoker.requests()).hasSize(1);
            assertThat(invoker.requests().get(0).getInvocation().getStateList()).isEmpty();

            dispatcher.releaseUntilOut(invoker, ADDRESSES);
            // The probe twice (missing state, then with the state), every other address once.
            assertThat(invoker.requests()).hasSize(ADDRESSES + 1);
            for (ToFunction request : invoker.requests().subList(1, ADDRESSES + 1)) {
                assertThat(request.getInvocation().getStateList())
                        .as("each request after the handshake carries the declared state")
                        .isNotEmpty();
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < ADDRESSES; i++) {
                expected.add("k" + i + " 1 m");
            }
            assertThat(dispatcher.out()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void messagesForAHeldAddressJoinItsBatch() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated();
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), false, 0))) {
            dispatcher.send(COUNTER, "a", "x");
            dispatcher.send(COUNTER, "b", "y");
            dispatcher.send(COUNTER, "b", "z");
            assertThat(invoker.requests()).hasSize(1);

            dispatcher.releaseUntilOut(invoker, 3);
            assertThat(dispatcher.out()).contains("a 1 x").containsSubsequence("b 1 y", "b 2 z");
            // a twice (the handshake), b once, with y and z in that order.
            assertThat(invoker.requests()).hasSize(3);
            assertThat(invoker.requests().get(2).getInvocation().getInvocationsList())
                    .extracting(
                            i -> DispatchFunctions.text(i.getArgument().getValue().toByteArray()))
                    .containsExactly("y", "z");
        }
    }

    @Test
    void addressesHeldAtACheckpointAreSentAfterTheRestoreAndAppliedOnce() throws Exception {
        SdkInvoker before = new SdkInvoker(DispatchFunctions.all()).gated();
        OperatorSubtaskState checkpoint;
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(before.factory(), false, 0))) {
            dispatcher.send(COUNTER, "a", "x");
            dispatcher.send(COUNTER, "b", "y");
            dispatcher.send(COUNTER, "c", "z");
            dispatcher.send(COUNTER, "b", "later"); // behind b's held batch
            assertThat(before.requests()).hasSize(1);
            checkpoint = dispatcher.harness.snapshot(1, 1);
        }

        SdkInvoker after = new SdkInvoker(DispatchFunctions.all());
        try (DispatcherHarness restored =
                DispatcherHarness.open(
                        DispatcherHarness.spec(after.factory(), false, 0), checkpoint, 1, 0)) {
            assertThat(restored.awaitOut(4))
                    .containsExactlyInAnyOrder("a 1 x", "b 1 y", "c 1 z", "b 2 later");
            // The answer to the probe before the restore arrives late and changes nothing.
            before.releaseOne();
            restored.runMails();
            restored.send(COUNTER, "c", "w");
            assertThat(restored.awaitOut(5)).contains("c 2 w").hasSize(5);
        }
    }

    @Test
    void aTypeWithoutStatesIsCalledFreelyOnceItAnswered() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated();
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), false, 0))) {
            dispatcher.send(FORWARD, "a", "x");
            dispatcher.send(FORWARD, "b", "y");
            assertThat(requestsTo(invoker, "forward")).isEqualTo(1);
            invoker.releaseOne(); // a's result: forward declares no state
            dispatcher.runMailsUntil(() -> requestsTo(invoker, "forward") == 2);
            dispatcher.send(FORWARD, "c", "z");
            // The type answered once: c goes at once, beside b.
            assertThat(requestsTo(invoker, "forward")).isEqualTo(3);
            dispatcher.releaseUntilOut(invoker, 3);
            assertThat(dispatcher.out())
                    .containsExactlyInAnyOrder(
                            "x 1 from forward", "y 1 from forward", "z 1 from forward");
        }
    }

    private static long requestsTo(SdkInvoker invoker, String functionName) {
        return invoker.requests().stream()
                .filter(r -> r.getInvocation().getTarget().getType().equals(functionName))
                .count();
    }
}
