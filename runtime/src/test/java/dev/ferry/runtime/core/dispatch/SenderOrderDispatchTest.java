package dev.ferry.runtime.core.dispatch;

import static dev.ferry.runtime.core.dispatch.DispatchFunctions.COUNTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.feedback.FeedbackChannel;
import dev.ferry.runtime.core.feedback.FeedbackChannelKey;
import dev.ferry.runtime.core.message.Envelope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Messages from one sender to one address reach the function in the order they were sent, also when
 * the task-wide buffer is full and the dispatcher waits in its mailbox while more feedback arrives.
 */
class SenderOrderDispatchTest {
    private static final FunctionAddress FIRST_SENDER =
            new FunctionAddress(new TypeName("test", "forward"), "s1");
    private static final FunctionAddress SECOND_SENDER =
            new FunctionAddress(new TypeName("test", "forward"), "s2");

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void feedbackArrivingWhileTheBufferIsFullKeepsEachSendersOrder() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated();
        DispatcherOperatorFactory oneBuffered =
                new DispatcherOperatorFactory(
                        DispatcherHarness.spec(invoker.factory(), false, 0), 1);
        try (DispatcherHarness dispatcher = DispatcherHarness.open(oneBuffered, null, 1, 0)) {
            AbstractStreamOperator<?> operator =
                    (AbstractStreamOperator<?>) dispatcher.harness.getOperator();
            FeedbackChannel channel = FeedbackChannelKey.acquire(operator);
            try {
                dispatcher.send(COUNTER, "x", "first");
                dispatcher.releaseUntilOut(invoker, 1); // the state handshake is done
                dispatcher.send(COUNTER, "x", "second"); // in flight, held

                // The second sender's message fills the buffer; the first sender's waits for room.
                channel.push(toCounterX(SECOND_SENDER, "s2-1"));
                channel.push(toCounterX(FIRST_SENDER, "s1-1"));
                CompletableFuture<Void> meanwhile =
                        CompletableFuture.runAsync(
                                () -> {
                                    await().until(() -> channel.waiting() == 0);
                                    // Sent later by the same sender, arriving while s1-1 waits.
                                    channel.push(toCounterX(FIRST_SENDER, "s1-2"));
                                    await().until(() -> channel.waiting() == 0);
                                    for (int i = 0; i < 2; i++) {
                                        await().until(() -> invoker.heldCount() == 1);
                                        invoker.releaseOne();
                                    }
                                });
                dispatcher.runMails(); // the feedback: waits for room until both were released
                meanwhile.join();

                dispatcher.releaseUntilOut(invoker, 5);
                assertThat(dispatcher.out())
                        .containsExactlyInAnyOrder(
                                "x 1 first", "x 2 second", "x 3 s2-1", "x 4 s1-1", "x 5 s1-2");
            } finally {
                FeedbackChannelKey.release(operator);
            }
        }
    }

    private static Envelope toCounterX(FunctionAddress sender, String text) {
        return new Envelope(
                new FunctionAddress(new TypeName(COUNTER.namespace(), COUNTER.name()), "x"),
                sender,
                "io.statefun.types/string",
                DispatchFunctions.string(text));
    }
}
