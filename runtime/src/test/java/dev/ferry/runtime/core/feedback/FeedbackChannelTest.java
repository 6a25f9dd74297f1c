package dev.ferry.runtime.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.runtime.core.message.Envelope;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the channel hands the head, and what it keeps for each checkpoint. */
class FeedbackChannelTest {
    private final FeedbackChannel channel = new FeedbackChannel();

    @Test
    void wakesTheConsumerOnlyWhenTheQueueBecomesNonEmpty() {
        AtomicInteger wakeUps = new AtomicInteger();
        channel.registerConsumer(wakeUps::incrementAndGet);
        channel.push(message(1));
        channel.push(message(2));
        assertThat(wakeUps).hasValue(1);
        assertThat(channel.drain()).containsExactly(message(1), message(2));
        channel.push(message(3));
        assertThat(wakeUps).hasValue(2);
    }

    @Test
    void aConsumerRegisteringLateIsWokenForWaitingMessages() {
        channel.push(message(1));
        AtomicInteger wakeUps = new AtomicInteger();
        channel.registerConsumer(wakeUps::incrementAndGet);
        assertThat(wakeUps).hasValue(1);
    }

    @Test
    void aCheckpointHoldsWhatTheHeadHadNotConsumedAtItsSnapshot() {
        channel.push(message(1));
        channel.drain();
        channel.push(message(2)); // waiting when the head snapshots: in flight
        channel.markHeadSnapshot(7);
        channel.push(message(3)); // sent before the barrier reached the tail: in flight
        channel.drain();
        assertThat(channel.inFlightAt(7)).containsExactly(message(2), message(3));
        // Consumed and no longer needed by any checkpoint: forgotten.
        assertThat(channel.retained()).isZero();
    }

    @Test
    void concurrentCheckpointsEachGetTheirOwnInFlightMessages() {
        channel.push(message(1));
        channel.markHeadSnapshot(1);
        channel.push(message(2));
        channel.drain();
        channel.markHeadSnapshot(2);
        channel.push(message(3));
        assertThat(channel.inFlightAt(1)).containsExactly(message(1), message(2), message(3));
        assertThat(channel.retained()).as("checkpoint 2 still needs message 3").isEqualTo(1);
        assertThat(channel.inFlightAt(2)).containsExactly(message(3));
    }

    @Test
    void aTailSnapshotWithoutTheHeadsIsRefusedWithTheReason() {
        assertThatThrownBy(() -> channel.inFlightAt(3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("checkpoints must be aligned");
    }

    @Test
    void channelsAreSharedPerSubtaskAttemptAndReleased() {
        FeedbackChannel head = FeedbackChannels.acquire("job", 0, 0);
        FeedbackChannel tail = FeedbackChannels.acquire("job", 0, 0);
        FeedbackChannel retry = FeedbackChannels.acquire("job", 0, 1);
        assertThat(tail).isSameAs(head);
        assertThat(retry).isNotSameAs(head);
        FeedbackChannels.release("job", 0, 0);
        assertThat(FeedbackChannels.acquire("job", 0, 0)).isSameAs(head);
        FeedbackChannels.release("job", 0, 0);
        FeedbackChannels.release("job", 0, 0);
        FeedbackChannels.release("job", 0, 1);
        assertThat(FeedbackChannels.acquire("job", 0, 0)).isNotSameAs(head);
        FeedbackChannels.release("job", 0, 0);
    }

    private static Envelope message(int n) {
        return new Envelope(
                FunctionAddress.of("ns", "f", "id" + n), null, "t/t", new byte[] {(byte) n});
    }
}
