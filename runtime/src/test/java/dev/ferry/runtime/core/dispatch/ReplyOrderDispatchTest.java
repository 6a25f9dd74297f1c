package dev.ferry.runtime.core.dispatch;

import static dev.ferry.runtime.core.dispatch.DispatchFunctions.ORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.TypeName;
import java.util.Set;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

/**
 * A reply is checked whole before it is applied: one naming an undeclared egress leaves no message,
 * delayed message or state change behind. A valid one is applied with the state written last, so
 * the next request carries it.
 */
class ReplyOrderDispatchTest {
    private static final TypeName UNDECLARED = new TypeName("test", "undeclared");

    @Test
    void aBadReplyIsRefusedWholeAndAGoodOneIsAppliedWithItsState() throws Exception {
        String remote = keyOfSubtask(1);
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all());
        DispatcherSpec base = DispatcherHarness.spec(invoker.factory(), false, 0);

        // With the egress undeclared, nothing of the reply is applied.
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(
                        new DispatcherSpec(base.bindings(), Set.of(DispatcherHarness.OUT), 0),
                        null,
                        2,
                        0)) {
            dispatcher.send(ORDER, keyOfSubtask(0), remote);
            assertThatThrownBy(() -> dispatcher.runMailsUntil(() -> false))
                    .rootCause()
                    .hasMessageContaining("test/undeclared");
            assertThat(dispatcher.remote()).isEmpty();
            assertThat(dispatcher.harness.numProcessingTimeTimers()).isZero();
        }

        // Declared, everything is applied, the state written last: the next request carries it.
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(
                        new DispatcherSpec(
                                base.bindings(), Set.of(DispatcherHarness.OUT, UNDECLARED), 0),
                        null,
                        2,
                        0)) {
            String self = keyOfSubtask(0);
            dispatcher.send(ORDER, self, remote);
            dispatcher.runMailsUntil(() -> dispatcher.records(UNDECLARED).size() == 1);
            assertThat(dispatcher.remote()).hasSize(1);
            assertThat(dispatcher.harness.numProcessingTimeTimers()).isEqualTo(1);
            dispatcher.send(ORDER, self, remote);
            dispatcher.runMailsUntil(() -> dispatcher.records(UNDECLARED).size() == 2);
            var last = invoker.requests().get(invoker.requests().size() - 1).getInvocation();
            assertThat(last.getState(0).getStateName()).isEqualTo("last");
            assertThat(
                            DispatchFunctions.text(
                                    last.getState(0).getStateValue().getValue().toByteArray()))
                    .isEqualTo(remote);
        }
    }

    private static String keyOfSubtask(int subtask) {
        for (int i = 0; ; i++) {
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator("k" + i, 128, 2) == subtask) {
                return "k" + i;
            }
        }
    }
}
