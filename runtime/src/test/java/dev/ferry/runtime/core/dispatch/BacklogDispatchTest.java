package dev.ferry.runtime.core.dispatch;

import static dev.ferry.runtime.core.dispatch.DispatchFunctions.COUNTER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

/**
 * Messages waiting behind a batch in flight are kept on the heap and written to keyed state only at
 * a checkpoint, or when more than a bound of bytes wait ({@link
 * AddressBatches#MAX_UNFLUSHED_BYTES}): whatever part of a backlog is where, it goes out in arrival
 * order, and a checkpoint holds all of it.
 */
class BacklogDispatchTest {
    /** Five messages of the last test's size: the first ones go to keyed state, the rest wait. */
    private static final long HEAP_BOUND = 5_000;

    @Test
    void messagesWaitingBeforeAndAfterACheckpointGoOutInArrivalOrder() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated();
        try (DispatcherHarness dispatcher = xInFlight(invoker)) {
            dispatcher.send(COUNTER, "a", "y1");
            dispatcher.harness.snapshot(1, 1); // y1 is now in keyed state
            dispatcher.send(COUNTER, "a", "y2"); // and y2 only on the heap, behind it
            assertThat(dispatcher.releaseUntilOut(invoker, 3))
                    .containsExactly("a 1 x", "a 2 y1", "a 3 y2");
        }
    }

    @Test
    void aCheckpointHoldsWhatWaitedBeforeThePreviousOneAndSince() throws Exception {
        SdkInvoker before = new SdkInvoker(DispatchFunctions.all()).gated();
        OperatorSubtaskState checkpoint;
        try (DispatcherHarness dispatcher = xInFlight(before)) {
            dispatcher.send(COUNTER, "a", "y1");
            dispatcher.harness.snapshot(1, 1);
            dispatcher.send(COUNTER, "a", "y2");
            checkpoint = dispatcher.harness.snapshot(2, 2);
            assertThat(dispatcher.out()).isEmpty();
        }

        SdkInvoker after = new SdkInvoker(DispatchFunctions.all());
        try (DispatcherHarness restored =
                DispatcherHarness.open(
                        DispatcherHarness.spec(after.factory(), false, 0), checkpoint, 1, 0)) {
            assertThat(restored.awaitOut(3)).containsExactly("a 1 x", "a 2 y1", "a 3 y2");
            restored.send(COUNTER, "a", "z");
            assertThat(restored.awaitOut(4)).endsWith("a 4 z");
        }
    }

    /**
     * More waiting bytes than the heap keeps: the older part goes to keyed state at once, the rest
     * stays on the heap behind it, and both parts come out in order, before and after a restore.
     */
    @Test
    void aBacklogOverTheHeapBoundGoesOutInOrderBeforeAndAfterARestore() throws Exception {
        int messages = 12;
        String padding = "p".repeat(1000);
        List<String> expected = new ArrayList<>(List.of("1 x"));
        for (int i = 0; i < messages; i++) {
            expected.add((i + 2) + " y" + i);
        }

        // Released as it is: the first messages come out of keyed state, the rest off the heap.
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated();
        try (DispatcherHarness dispatcher = xInFlight(invoker, HEAP_BOUND)) {
            for (int i = 0; i < messages; i++) {
                dispatcher.send(COUNTER, "a", "y" + i + padding);
            }
            assertThat(withoutPadding(dispatcher.releaseUntilOut(invoker, messages + 1), padding))
                    .containsExactlyElementsOf(expected);
        }

        // Checkpointed as it is, and restored.
        SdkInvoker before = new SdkInvoker(DispatchFunctions.all()).gated();
        OperatorSubtaskState checkpoint;
        try (DispatcherHarness dispatcher = xInFlight(before, HEAP_BOUND)) {
            for (int i = 0; i < messages; i++) {
                dispatcher.send(COUNTER, "a", "y" + i + padding);
            }
            checkpoint = dispatcher.harness.snapshot(1, 1);
        }

        SdkInvoker after = new SdkInvoker(DispatchFunctions.all());
        try (DispatcherHarness restored =
                DispatcherHarness.open(
                        new DispatcherOperatorFactory(
                                DispatcherHarness.spec(after.factory(), false, 0),
                                DispatcherOperatorFactory.DEFAULT_MAX_BUFFERED_PER_TASK,
                                DispatchListener.Factory.NONE,
                                HEAP_BOUND),
                        checkpoint,
                        1,
                        0)) {
            assertThat(withoutPadding(restored.awaitOut(messages + 1), padding))
                    .containsExactlyElementsOf(expected);
        }
    }

    private static DispatcherHarness xInFlight(SdkInvoker invoker) throws Exception {
        return xInFlight(invoker, AddressBatches.MAX_UNFLUSHED_BYTES);
    }

    /**
     * A dispatcher whose counter at id {@code a} has the message {@code x} in flight, held; it
     * keeps at most {@code heapBound} bytes of waiting messages on the heap.
     */
    private static DispatcherHarness xInFlight(SdkInvoker invoker, long heapBound)
            throws Exception {
        DispatcherHarness dispatcher =
                DispatcherHarness.open(
                        new DispatcherOperatorFactory(
                                DispatcherHarness.spec(invoker.factory(), false, 0),
                                DispatcherOperatorFactory.DEFAULT_MAX_BUFFERED_PER_TASK,
                                DispatchListener.Factory.NONE,
                                heapBound),
                        null,
                        1,
                        0);
        dispatcher.send(COUNTER, "a", "x");
        dispatcher.awaitOut(0);
        invoker.releaseOne(); // the handshake: the state is declared and x is sent again
        dispatcher.runMailsUntil(() -> invoker.heldCount() == 1);
        return dispatcher;
    }

    /** The outputs of id {@code a}, its count and text, the padding taken out. */
    private static List<String> withoutPadding(List<String> out, String padding) {
        return out.stream()
                .peek(text -> assertThat(text).startsWith("a "))
                .map(text -> text.substring(2).replace(padding, ""))
                .toList();
    }
}
