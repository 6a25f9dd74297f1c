package dev.ferry.runtime.core.dispatch;

import static dev.ferry.runtime.core.dispatch.DispatchFunctions.COUNTER;
import static dev.ferry.runtime.core.dispatch.DispatchFunctions.TALLY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.wire.ToFunction;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

/**
 * A batch in flight at a checkpoint is sent again after a restore and applied once; the registered
 * states survive the restore.
 */
class RestoreDispatchTest {

    @Test
    void aBatchInFlightAtTheCheckpointIsResentAndAppliedExactlyOnce() throws Exception {
        SdkInvoker before = new SdkInvoker(DispatchFunctions.all()).gated();
        OperatorSubtaskState checkpoint;
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(before.factory(), false, 0))) {
            dispatcher.send(COUNTER, "a", "x");
            dispatcher.awaitOut(0);
            before.releaseOne(); // handshake: state registered, x re-sent
            dispatcher.runMailsUntil(() -> before.heldCount() == 1);
            dispatcher.send(COUNTER, "a", "y"); // waits behind x
            checkpoint = dispatcher.harness.snapshot(1, 1);
            assertThat(dispatcher.out()).isEmpty();
        }

        SdkInvoker after = new SdkInvoker(DispatchFunctions.all());
        try (DispatcherHarness restored =
                DispatcherHarness.open(
                        DispatcherHarness.spec(after.factory(), false, 0), checkpoint, 1, 0)) {
            // x is re-sent at open, with the registered state: no second handshake.
            assertThat(after.requests()).hasSize(1);
            ToFunction resent = after.requests().get(0);
            assertThat(resent.getInvocation().getInvocationsCount()).isEqualTo(1);
            assertThat(resent.getInvocation().getState(0).getStateName()).isEqualTo("count");

            assertThat(restored.awaitOut(2)).containsExactly("a 1 x", "a 2 y");
            restored.send(COUNTER, "b", "z");
            assertThat(restored.awaitOut(3)).containsExactly("a 1 x", "a 2 y", "b 1 z");
            // b's first request already carried the state registered before the checkpoint.
            assertThat(after.requests()).hasSize(3);
            assertThat(after.requests().get(2).getInvocation().getStateCount()).isEqualTo(1);

            // The reply to the attempt before the restore arrives late: it belongs to the old
            // operator's mailbox and never touches the restored state.
            before.releaseOne();
            restored.runMails();
            restored.send(COUNTER, "a", "w");
            assertThat(restored.awaitOut(4)).containsExactly("a 1 x", "a 2 y", "b 1 z", "a 3 w");
        }
    }

    /**
     * Re-sending can wait for an invocation slot, and the replies applied meanwhile move the
     * current key; each re-sent batch must still read and mark the state of its own address.
     */
    @Test
    void batchesOfTwoFunctionTypesSharingIdsAreResentUnderTheirOwnKey() throws Exception {
        SdkInvoker before = new SdkInvoker(DispatchFunctions.all()).gated();
        OperatorSubtaskState checkpoint;
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(before.factory(), false, 0))) {
            dispatcher.send(COUNTER, "a", "c");
            dispatcher.send(TALLY, "a", "t");
            dispatcher.send(COUNTER, "a", "c");
            dispatcher.send(TALLY, "a", "t");
            dispatcher.send(COUNTER, "b", "c");
            dispatcher.send(TALLY, "b", "t");
            dispatcher.releaseUntilOut(before, 6); // a counted 2 of each, b 1 of each
            for (var type : List.of(COUNTER, TALLY)) {
                dispatcher.send(type, "a", "resent");
                dispatcher.send(type, "b", "resent");
            }
            assertThat(before.heldCount()).isEqualTo(4);
            checkpoint = dispatcher.harness.snapshot(1, 1);
        }

        SdkInvoker after = new SdkInvoker(DispatchFunctions.all());
        // One invocation in flight per task: every re-send after the first waits for a reply.
        try (DispatcherHarness restored =
                DispatcherHarness.open(
                        DispatcherHarness.spec(after.factory(), false, 1), checkpoint, 1, 0)) {
            assertThat(restored.awaitOut(4))
                    .containsExactlyInAnyOrder(
                            "a 3 resent", "a 3 resent", "b 2 resent", "b 2 resent");
            // No batch is left marked in flight under another key: later messages go through.
            for (var type : List.of(COUNTER, TALLY)) {
                restored.send(type, "a", "later");
                restored.send(type, "b", "later");
            }
            assertThat(restored.awaitOut(8).subList(4, 8))
                    .containsExactlyInAnyOrder("a 4 later", "a 4 later", "b 3 later", "b 3 later");
        }
    }
}
