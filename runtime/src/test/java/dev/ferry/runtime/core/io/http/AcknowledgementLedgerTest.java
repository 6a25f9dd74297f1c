package dev.ferry.runtime.core.io.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.io.http.AcknowledgementLedger.Accepted;
import dev.ferry.runtime.core.io.http.AcknowledgementLedger.RememberedKey;
import dev.ferry.runtime.core.message.Envelope;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AcknowledgementLedgerTest {
    private static final long WINDOW = 60_000;
    private static final List<Envelope> MESSAGE =
            List.of(
                    new Envelope(
                            new FunctionAddress(new TypeName("ns", "f"), "1"),
                            null,
                            WellKnownTypes.STRING,
                            new byte[0]));

    private final AcknowledgementLedger ledger = new AcknowledgementLedger(3, WINDOW);

    /** Takes what is queued and emits it, as the source does. */
    private List<Accepted> emitAll() throws InterruptedException {
        List<Accepted> taken = ledger.take(0);
        taken.forEach(ledger::emitted);
        return taken;
    }

    @Test
    void aRequestIsDurableOnlyWhenTheCheckpointAfterItsEmissionCompletes() throws Exception {
        CompletableFuture<Long> first = ledger.submit(MESSAGE, null, 0);
        emitAll();
        ledger.seal(7, 0);
        CompletableFuture<Long> second = ledger.submit(MESSAGE, null, 0);
        emitAll();

        ledger.completed(6);
        assertThat(first).isNotDone();
        ledger.completed(7);
        assertThat(first).isCompletedWithValue(7L);
        assertThat(second).as("emitted after barrier 7").isNotDone();

        ledger.seal(8, 0);
        ledger.seal(9, 0);
        ledger.completed(9); // 8 was aborted or its notification lost: 9 covers it
        assertThat(second).isCompletedWithValue(9L);
        assertThat(ledger.pending()).isZero();
    }

    @Test
    void aRequestTakenButNotYetEmittedBelongsToTheNextCheckpoint() throws Exception {
        CompletableFuture<Long> request = ledger.submit(MESSAGE, "k", 0);
        List<Accepted> taken = ledger.take(0);
        assertThat(ledger.seal(1, 0)).as("keys of emitted requests").isEmpty();
        taken.forEach(ledger::emitted);
        ledger.completed(1);
        assertThat(request).isNotDone();
        assertThat(ledger.seal(2, 0)).containsExactly(new RememberedKey("k", 0));
        ledger.completed(2);
        assertThat(request).isCompletedWithValue(2L);
    }

    @Test
    void aRepeatedKeySharesTheFirstRequestsAnswerAndSendsNothing() throws Exception {
        CompletableFuture<Long> first = ledger.submit(MESSAGE, "order-1", 0);
        CompletableFuture<Long> retry = ledger.submit(MESSAGE, "order-1", 10);
        assertThat(retry).isSameAs(first);
        assertThat(emitAll()).hasSize(1);
        ledger.seal(1, 10);
        ledger.completed(1);
        assertThat(ledger.submit(MESSAGE, "order-1", 20)).isCompletedWithValue(1L);
        assertThat(ledger.take(0)).isEmpty();
    }

    @Test
    void aKeyIsForgottenAfterTheWindow() throws Exception {
        ledger.submit(MESSAGE, "k", 0);
        emitAll();
        ledger.seal(1, 0);
        ledger.completed(1);
        assertThat(ledger.seal(2, WINDOW + 1)).isEmpty();
        CompletableFuture<Long> later = ledger.submit(MESSAGE, "k", WINDOW + 2);
        assertThat(later).isNotDone();
        assertThat(emitAll()).hasSize(1);
    }

    @Test
    void restoredKeysAreDurable() {
        ledger.restore(List.of(new RememberedKey("k", 5)));
        assertThat(ledger.submit(MESSAGE, "k", 6)).isCompletedWithValue(-1L);
        assertThat(ledger.pending()).isZero();
    }

    @Test
    void beyondMaxPendingASubmissionIsRefusedUntilACheckpointCompletes() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(ledger.submit(MESSAGE, null, 0)).isNotNull();
        }
        assertThat(ledger.submit(MESSAGE, null, 0)).isNull();
        assertThat(ledger.submit(MESSAGE, "new-key", 0)).isNull();
        emitAll();
        ledger.seal(1, 0);
        ledger.completed(1);
        assertThat(ledger.submit(MESSAGE, null, 0)).isNotNull();
    }

    @Test
    void stoppingFailsWhatIsNotDurable() throws Exception {
        CompletableFuture<Long> emitted = ledger.submit(MESSAGE, null, 0);
        emitAll();
        CompletableFuture<Long> queued = ledger.submit(MESSAGE, null, 0);
        ledger.stop("stopping");
        assertThat(emitted).isCompletedExceptionally();
        assertThat(queued).isCompletedExceptionally();
        assertThat(ledger.submit(MESSAGE, null, 0)).isCompletedExceptionally();
        assertThat(ledger.take(1000)).as("take returns at once when stopped").isEmpty();
    }
}
