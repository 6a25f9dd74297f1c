package dev.ferry.runtime.core.dispatch;

import static dev.ferry.runtime.core.dispatch.DispatchFunctions.COUNTER;
import static dev.ferry.runtime.core.dispatch.DispatchFunctions.FORWARD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.wire.ToFunction;
import org.junit.jupiter.api.Test;

/** Messages reach SDK functions, their state is kept per address, and the handshake happens. */
class CounterDispatchTest {

    @Test
    void countsPerAddressAfterTheMissingStateHandshake() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all());
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), false, 0))) {
            dispatcher.send(COUNTER, "a", "x");
            assertThat(dispatcher.awaitOut(1)).containsExactly("a 1 x");
            dispatcher.send(COUNTER, "a", "y");
            dispatcher.awaitOut(2);
            dispatcher.send(COUNTER, "b", "z");
            assertThat(dispatcher.awaitOut(3)).containsExactly("a 1 x", "a 2 y", "b 1 z");

            // First request without states, answered with the missing state, then re-sent with it.
            ToFunction first = invoker.requests().get(0);
            ToFunction second = invoker.requests().get(1);
            assertThat(first.getInvocation().getStateList()).isEmpty();
            assertThat(second.getInvocation().getInvocationsList())
                    .isEqualTo(first.getInvocation().getInvocationsList());
            assertThat(second.getInvocation().getState(0).getStateName()).isEqualTo("count");
            assertThat(second.getInvocation().getState(0).hasStateValue()).isFalse();
            // b's first request already carries the registered (absent) state: no handshake.
            assertThat(invoker.requests()).hasSize(4);
            assertThat(invoker.requests().get(3).getInvocation().getState(0).hasStateValue())
                    .isFalse();
        }
        assertThat(invoker.closed).isTrue();
    }

    @Test
    void aFunctionThatAddsAStateGetsItAfterASecondHandshake() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all());
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), false, 0))) {
            dispatcher.send(COUNTER, "a", "x");
            dispatcher.awaitOut(1);
            invoker.use(DispatchFunctions.withCounterRemembering());
            dispatcher.send(COUNTER, "a", "y");
            dispatcher.awaitOut(2);
            dispatcher.send(COUNTER, "a", "z");
            assertThat(dispatcher.awaitOut(3)).containsExactly("a 1 x", "a 2 y", "a 3 z");

            ToFunction last = invoker.requests().get(invoker.requests().size() - 1);
            assertThat(last.getInvocation().getStateList())
                    .extracting(ToFunction.PersistedValue::getStateName)
                    .containsExactly("count", "last");
            assertThat(
                            DispatchFunctions.text(
                                    last.getInvocation()
                                            .getState(1)
                                            .getStateValue()
                                            .getValue()
                                            .toByteArray()))
                    .isEqualTo("y");
        }
    }

    @Test
    void messagesToLocalKeysAreHandledInPlaceAndOthersLeaveOnTheMainOutput() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all());
        // Subtask 0 of 2: some counter ids belong to subtask 1.
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(
                        DispatcherHarness.spec(invoker.factory(), false, 0), null, 2, 0)) {
            String local = null;
            String remote = null;
            for (int i = 0; local == null || remote == null; i++) {
                String id = "k" + i;
                int subtask =
                        org.apache.flink.runtime.state.KeyGroupRangeAssignment
                                .assignKeyToParallelOperator(id, 128, 2);
                if (subtask == 0 && local == null) {
                    local = id;
                } else if (subtask == 1 && remote == null) {
                    remote = id;
                }
            }
            String localId = local;
            String remoteId = remote;
            dispatcher.send(FORWARD, local, local);
            dispatcher.send(FORWARD, local, remote);
            dispatcher.runMailsUntil(
                    () -> dispatcher.out().size() == 1 && dispatcher.remote().size() == 1);
            assertThat(dispatcher.out()).containsExactly(localId + " 1 from forward");
            assertThat(dispatcher.remote().get(0).target().id()).isEqualTo(remoteId);
            assertThat(dispatcher.remote().get(0).caller().id()).isEqualTo(localId);
        }
    }
}
