package dev.ferry.runtime.core.dispatch;

import static dev.ferry.runtime.core.dispatch.DispatchFunctions.COUNTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * At the task-wide bound on invocations in flight the operator yields to its mailbox (Flink
 * back-pressure) until a reply frees a slot; replies keep being applied meanwhile.
 */
class BackPressureDispatchTest {

    @Test
    void atTheInFlightBoundInputWaitsWhileRepliesAreApplied() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated();
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), false, 1))) {
            dispatcher.warmUp(invoker, COUNTER);
            dispatcher.send(COUNTER, "a", "x");
            assertThat(invoker.heldCount()).isEqualTo(1);

            // Another thread answers a's request while the task thread is held up sending b.
            CompletableFuture<Void> replies =
                    CompletableFuture.runAsync(
                            () -> {
                                await().until(() -> invoker.heldCount() == 1);
                                invoker.releaseOne();
                            });
            dispatcher.send(COUNTER, "b", "w");
            replies.join();

            // b was only sent once a's invocation had completed.
            assertThat(dispatcher.out()).containsExactly("a 1 x");
            assertThat(invoker.requests()).hasSize(2);
            assertThat(invoker.requests().get(1).getInvocation().getTarget().getId())
                    .isEqualTo("b");
            dispatcher.releaseUntilOut(invoker, 2);
            assertThat(dispatcher.out()).containsExactly("a 1 x", "b 1 w");
        }
    }

    @Test
    void overTheTaskWideBufferBoundInputWaitsUntilABacklogIsSent() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated();
        DispatcherOperatorFactory oneBuffered =
                new DispatcherOperatorFactory(
                        DispatcherHarness.spec(invoker.factory(), false, 0), 1);
        try (DispatcherHarness dispatcher = DispatcherHarness.open(oneBuffered, null, 1, 0)) {
            dispatcher.warmUp(invoker, COUNTER);
            dispatcher.send(COUNTER, "a", "x");
            dispatcher.send(COUNTER, "a", "y"); // buffered: the bound is reached
            dispatcher.send(COUNTER, "b", "w"); // no batch in flight for b: sent, not buffered
            assertThat(invoker.heldCount()).isEqualTo(2);

            CompletableFuture<Void> replies =
                    CompletableFuture.runAsync(
                            () -> {
                                // a's x is applied: y leaves the buffer.
                                await().until(() -> invoker.heldCount() == 2);
                                invoker.releaseOne();
                            });
            dispatcher.send(COUNTER, "a", "z");
            replies.join();

            assertThat(dispatcher.out()).containsExactly("a 1 x");
            dispatcher.releaseUntilOut(invoker, 4);
            assertThat(dispatcher.out())
                    .containsExactlyInAnyOrder("a 1 x", "a 2 y", "a 3 z", "b 1 w");
            assertThat(dispatcher.out()).containsSubsequence("a 1 x", "a 2 y", "a 3 z");
        }
    }
}
