package dev.ferry.runtime.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.Envelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Past its memory budget the log spills to disk, and gives back the same messages in order. */
class FeedbackLogTest {
    private static final int BUDGET_BYTES = 4 * 1024;

    @TempDir Path spillDirectory;

    @Test
    void spillsPastTheBudgetAndKeepsTheOrder() throws IOException {
        FeedbackChannel channel =
                new FeedbackChannel(new FeedbackLog(BUDGET_BYTES, spillDirectory));
        channel.markHeadSnapshot(1);
        List<Envelope> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Envelope envelope = message(i);
            sent.add(envelope);
            channel.push(envelope);
        }
        channel.drain();

        assertThat(channel.spilling()).isTrue();
        assertThat(spillFiles()).hasSize(1);
        assertThat(channel.retained()).isEqualTo(500);
        // What the feedback metrics report: memory up to the budget, the rest spilled.
        assertThat(channel.memoryBytes()).isPositive().isLessThanOrEqualTo(BUDGET_BYTES);
        assertThat(channel.spilledBytes()).isPositive();
        assertThat(channel.inFlightAt(1)).containsExactlyElementsOf(sent);

        // Nothing is needed any more: the spill file is deleted, the log is back in memory.
        assertThat(channel.spilling()).isFalse();
        assertThat(spillFiles()).isEmpty();
        assertThat(channel.spilledBytes()).isZero();
        channel.push(message(1000));
        assertThat(channel.spilling()).isFalse();
    }

    @Test
    void aCheckpointTakesOnlyTheMessagesAfterItsMarkFromMemoryAndDisk() {
        FeedbackChannel channel =
                new FeedbackChannel(new FeedbackLog(BUDGET_BYTES, spillDirectory));
        channel.markHeadSnapshot(1);
        for (int i = 0; i < 100; i++) {
            channel.push(message(i));
        }
        channel.drain();
        channel.markHeadSnapshot(2); // head consumed 0..99 before checkpoint 2
        List<Envelope> afterTwo = new ArrayList<>();
        for (int i = 100; i < 300; i++) {
            afterTwo.add(message(i));
            channel.push(message(i));
        }

        assertThat(channel.inFlightAt(1)).hasSize(300);
        assertThat(channel.inFlightAt(2)).containsExactlyElementsOf(afterTwo);
    }

    @Test
    void closingTheLastUserDeletesTheSpillFile() throws IOException {
        FeedbackChannel channel =
                FeedbackChannels.acquire(
                        "spill-job", 0, 0, () -> new FeedbackLog(BUDGET_BYTES, spillDirectory));
        channel.markHeadSnapshot(1);
        for (int i = 0; i < 200; i++) {
            channel.push(message(i));
        }
        assertThat(spillFiles()).hasSize(1);
        FeedbackChannels.release("spill-job", 0, 0);
        assertThat(spillFiles()).isEmpty();
    }

    private List<Path> spillFiles() throws IOException {
        try (Stream<Path> files = Files.list(spillDirectory)) {
            return files.toList();
        }
    }

    private static Envelope message(int i) {
        return new Envelope(
                new FunctionAddress(TypeName.parse("test/fn"), "id-" + i),
                i % 2 == 0 ? null : new FunctionAddress(TypeName.parse("test/caller"), "c"),
                "io.statefun.types/string",
                ("payload-" + i + "-").repeat(4).getBytes());
    }
}
