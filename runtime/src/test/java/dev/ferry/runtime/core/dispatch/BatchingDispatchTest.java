package dev.ferry.runtime.core.dispatch;

import static dev.ferry.runtime.core.dispatch.DispatchFunctions.COUNTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.wire.ToFunction;
import java.util.List;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;

/**
 * One invocation in flight per address: what arrives meanwhile goes as the next batch, split by the
 * invoker's request size limit; other addresses are not held up.
 */
class BatchingDispatchTest {

    @Test
    void messagesArrivingDuringAnInvocationGoTogetherAsTheNextBatch() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated();
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), false, 0))) {
            dispatcher.warmUp(invoker, COUNTER);
            dispatcher.send(COUNTER, "a", "x");
            dispatcher.send(COUNTER, "a", "y");
            dispatcher.send(COUNTER, "a", "z");
            dispatcher.send(COUNTER, "b", "w");
            // a has one request in flight, b its own: a busy address does not hold b up.
            assertThat(invoker.requests()).hasSize(2);
            assertThat(batchSizes(invoker)).containsExactly(1, 1);

            invoker.releaseOne(); // a's x applied, then y and z go as one batch
            dispatcher.runMailsUntil(() -> dispatcher.out().size() == 1);
            assertThat(invoker.requests()).hasSize(3);
            assertThat(invoker.requests().get(2))
                    .satisfies(last -> assertThat(batchOf(last)).containsExactly("y", "z"));

            while (invoker.heldCount() > 0) {
                invoker.releaseOne();
                dispatcher.runMails();
            }
            assertThat(dispatcher.awaitOut(4))
                    .containsExactlyInAnyOrder("a 1 x", "a 2 y", "a 3 z", "b 1 w");
            assertThat(dispatcher.out()).containsSubsequence("a 1 x", "a 2 y", "a 3 z");
        }
    }

    @Test
    void aBatchLargerThanTheRequestLimitIsSplitIntoConsecutiveRequests() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated().maxRequestBytes(150);
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), false, 0))) {
            dispatcher.send(COUNTER, "a", "first");
            for (int i = 0; i < 6; i++) {
                dispatcher.send(COUNTER, "a", "message-number-" + i);
            }
            dispatcher.releaseUntilOut(invoker, 7);
            for (ToFunction request : invoker.requests()) {
                assertThat(request.getSerializedSize()).isLessThanOrEqualTo(150);
            }
            // The backlog of 6 did not fit into one request: more than one batch after "first".
            assertThat(invoker.requests().size()).isGreaterThan(3);
            assertThat(dispatcher.out())
                    .containsExactly(
                            "a 1 first",
                            "a 2 message-number-0",
                            "a 3 message-number-1",
                            "a 4 message-number-2",
                            "a 5 message-number-3",
                            "a 6 message-number-4",
                            "a 7 message-number-5");
        }
    }

    @Test
    void aSingleMessageLargerThanTheRequestLimitFailsTheJobWithoutRestartsNamingIt()
            throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).maxRequestBytes(60);
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), false, 0))) {
            assertThatThrownBy(
                            () ->
                                    dispatcher.send(
                                            COUNTER,
                                            "a",
                                            "a message far too long for sixty bytes of request"))
                    .isInstanceOf(SuppressRestartsException.class)
                    .rootCause()
                    .hasMessageContaining("test/counter:a")
                    .hasMessageContaining("60 bytes")
                    .hasMessageContaining("sdk-endpoint");
            assertThat(invoker.requests()).isEmpty();
        }
    }

    private static List<Integer> batchSizes(SdkInvoker invoker) {
        return invoker.requests().stream()
                .map(request -> request.getInvocation().getInvocationsCount())
                .toList();
    }

    private static List<String> batchOf(ToFunction request) {
        return request.getInvocation().getInvocationsList().stream()
                .map(i -> DispatchFunctions.text(i.getArgument().getValue().toByteArray()))
                .toList();
    }
}
