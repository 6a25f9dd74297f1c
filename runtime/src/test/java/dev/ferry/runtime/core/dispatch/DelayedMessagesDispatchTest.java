package dev.ferry.runtime.core.dispatch;

import static dev.ferry.runtime.core.dispatch.DispatchFunctions.DELAYER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.ToFunction;
import org.junit.jupiter.api.Test;

/** Delayed messages wait for processing time in the sender's scope and can be cancelled. */
class DelayedMessagesDispatchTest {

    @Test
    void aDelayedMessageArrivesWhenDueFromItsSenderAndACancelledOneNever() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all());
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), false, 0))) {
            dispatcher.harness.setProcessingTime(1_000);
            dispatcher.send(DELAYER, "d", "send t1 1000 c1");
            dispatcher.runMailsUntil(() -> dispatcher.harness.numProcessingTimeTimers() == 1);
            dispatcher.send(DELAYER, "d", "send t2 2000 c2");
            dispatcher.runMailsUntil(() -> dispatcher.harness.numProcessingTimeTimers() == 2);
            dispatcher.send(DELAYER, "d", "cancel t2");
            dispatcher.runMailsUntil(() -> dispatcher.harness.numProcessingTimeTimers() == 1);

            dispatcher.harness.setProcessingTime(1_999);
            dispatcher.runMails();
            assertThat(dispatcher.out()).isEmpty();

            dispatcher.harness.setProcessingTime(2_000);
            assertThat(dispatcher.awaitOut(1)).containsExactly("c1 1 delayed t1");
            ToFunction delivered = invoker.requests().get(invoker.requests().size() - 1);
            assertThat(
                            FunctionAddress.fromProto(
                                    delivered.getInvocation().getInvocations(0).getCaller()))
                    .isEqualTo(new FunctionAddress(new TypeName("test", "delayer"), "d"));

            dispatcher.harness.setProcessingTime(10_000);
            dispatcher.runMails();
            assertThat(dispatcher.out()).containsExactly("c1 1 delayed t1");
            assertThat(dispatcher.harness.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void aTokenStillPendingCannotBeUsedAgain() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all());
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), false, 0))) {
            dispatcher.send(DELAYER, "d", "send t1 5000 c1");
            dispatcher.runMailsUntil(() -> dispatcher.harness.numProcessingTimeTimers() == 1);
            dispatcher.send(DELAYER, "d", "send t1 5000 c1");
            // The reply is applied in a mail; its failure is the task's failure.
            assertThatThrownBy(() -> dispatcher.runMailsUntil(() -> false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cancellation token 't1'")
                    .hasMessageContaining("test/delayer:d")
                    .hasMessageContaining("still pending");
        }
    }
}
