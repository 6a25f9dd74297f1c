package dev.ferry.runtime.core.dispatch;

import static dev.ferry.runtime.core.dispatch.DispatchFunctions.COUNTER;
import static dev.ferry.runtime.core.dispatch.DispatchFunctions.TALLY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.invokers.RetryPolicy;
import dev.ferry.protocol.wire.Address;
import dev.ferry.protocol.wire.ToFunction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

/**
 * Cross-address batching: what becomes ready while an endpoint's requests are all in flight leaves
 * together as the next request; each address's result is handled on its own (missing-state
 * handshake, a failed or missing result, a restore), and every message counts once.
 */
class AddressBatchDispatchTest {

    @Test
    void readyAddressesWaitForTheLaneAndLeaveTogether() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated();
        try (DispatcherHarness dispatcher = openWithLanes(invoker, 1)) {
            dispatcher.warmUp(invoker, COUNTER);
            dispatcher.send(COUNTER, "a", "x"); // the lane is free: a leaves at once, alone
            dispatcher.send(COUNTER, "b", "y");
            dispatcher.send(COUNTER, "c", "z");
            dispatcher.send(COUNTER, "d", "w");
            assertThat(ids(invoker)).containsExactly(List.of("a"));

            invoker.releaseOne(); // a is applied; b, c and d leave together
            dispatcher.runMailsUntil(() -> invoker.heldCount() == 1);
            assertThat(dispatcher.out()).containsExactly("a 1 x");
            assertThat(ids(invoker).get(1)).containsExactly("b", "c", "d");

            invoker.releaseOne();
            assertThat(dispatcher.awaitOut(4))
                    .containsExactlyInAnyOrder("a 1 x", "b 1 y", "c 1 z", "d 1 w");
            assertThat(invoker.addressBatches()).hasSize(2);
        }
    }

    @Test
    void functionsAtOneTargetShareALane() throws Exception {
        SdkInvoker invoker =
                new SdkInvoker(DispatchFunctions.all()).gated().servingAllAt("one-server");
        try (DispatcherHarness dispatcher = openWithLanes(invoker, 1)) {
            dispatcher.send(COUNTER, "a", "x");
            // Another function type at the same target waits in the same lane.
            dispatcher.send(TALLY, "b", "y");
            // c waits for the counter's first call to answer (one handshake per type).
            dispatcher.send(COUNTER, "c", "z");
            assertThat(ids(invoker)).containsExactly(List.of("a"));

            // a: missing state; it joins b, and c follows with the declared state. b, the
            // tally's first call, makes its own handshake in that request.
            invoker.releaseOne();
            dispatcher.runMailsUntil(() -> invoker.heldCount() == 1);
            assertThat(types(invoker).get(1))
                    .containsExactly("test/tally", "test/counter", "test/counter");
            assertThat(ids(invoker).get(1)).containsExactly("b", "a", "c");

            dispatcher.releaseUntilOut(invoker, 3);
            assertThat(dispatcher.out()).containsExactlyInAnyOrder("a 1 x", "b 1 y", "c 1 z");
        }
    }

    @Test
    void eachTargetHasALaneOfItsOwn() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated();
        try (DispatcherHarness dispatcher = openWithLanes(invoker, 1)) {
            dispatcher.send(COUNTER, "a", "x");
            dispatcher.send(TALLY, "b", "y"); // its own lane is free: it leaves at once
            assertThat(ids(invoker)).containsExactly(List.of("a"), List.of("b"));
            dispatcher.releaseUntilOut(invoker, 2);
            assertThat(dispatcher.out()).containsExactlyInAnyOrder("a 1 x", "b 1 y");
        }
    }

    @Test
    void aRequestLeavesAtOnceWhileTheLaneHasRoom() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated();
        try (DispatcherHarness dispatcher = openWithLanes(invoker, 3)) {
            dispatcher.warmUp(invoker, COUNTER);
            dispatcher.send(COUNTER, "a", "x");
            dispatcher.send(COUNTER, "b", "y");
            dispatcher.send(COUNTER, "c", "z");
            dispatcher.send(COUNTER, "d", "w");
            // Three requests in flight at most; the fourth address waits for the first reply.
            assertThat(ids(invoker)).containsExactly(List.of("a"), List.of("b"), List.of("c"));
            invoker.releaseOne();
            dispatcher.runMailsUntil(() -> invoker.addressBatches().size() == 4);
            assertThat(ids(invoker).get(3)).containsExactly("d");
            dispatcher.releaseUntilOut(invoker, 4);
            assertThat(dispatcher.out())
                    .containsExactlyInAnyOrder("a 1 x", "b 1 y", "c 1 z", "d 1 w");
        }
    }

    @Test
    void aFailedResultSendsOnlyThatAddressAgain() throws Exception {
        SdkInvoker invoker =
                new SdkInvoker(DispatchFunctions.all()).gated().failingResultsFor("b", 2);
        try (DispatcherHarness dispatcher = openWithLanes(invoker, 1)) {
            dispatcher.warmUp(invoker, COUNTER);
            for (String id : List.of("a", "b", "c")) {
                dispatcher.send(COUNTER, id, "x");
                dispatcher.send(COUNTER, id, "y");
            }
            dispatcher.releaseUntilOut(invoker, 6, 100);
            assertThat(dispatcher.out())
                    .containsExactlyInAnyOrder(
                            "a 1 x", "a 2 y", "b 1 x", "b 2 y", "c 1 x", "c 2 y");
            assertThat(countOf(invoker, "b")).isGreaterThan(countOf(invoker, "a"));
        }
    }

    @Test
    void aReplyWithoutSomeResultsSendsThoseAddressesAgain() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated().droppingLastResults(2);
        try (DispatcherHarness dispatcher = openWithLanes(invoker, 1)) {
            for (String id : List.of("a", "b", "c", "d")) {
                dispatcher.send(COUNTER, id, "x");
            }
            dispatcher.releaseUntilOut(invoker, 4, 100);
            assertThat(dispatcher.out())
                    .containsExactlyInAnyOrder("a 1 x", "b 1 x", "c 1 x", "d 1 x");
            dispatcher.send(COUNTER, "d", "y");
            assertThat(dispatcher.releaseUntilOut(invoker, 5, 100)).contains("d 2 y");
        }
    }

    @Test
    void aWholeRequestFailingDeadLettersEachAddressOnItsOwn() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated();
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(
                        DispatcherHarness.addressBatchingSpec(invoker.factory(), true, 1))) {
            dispatcher.warmUp(invoker, COUNTER);
            dispatcher.send(COUNTER, "a", "x");
            dispatcher.send(COUNTER, "b", "y");
            dispatcher.send(COUNTER, "c", "z");
            // a is in flight already; the failure hits the next request, b's and c's.
            invoker.failing(1);
            invoker.releaseOne();
            dispatcher.runMailsUntil(() -> invoker.heldCount() == 1);
            invoker.releaseOne();
            dispatcher.runMailsUntil(() -> dispatcher.records(DispatcherHarness.DEAD).size() == 2);
            assertThat(dispatcher.out()).containsExactly("a 1 x");
            // The addresses go on: the next messages are applied.
            dispatcher.send(COUNTER, "b", "again");
            dispatcher.send(COUNTER, "c", "again");
            assertThat(dispatcher.releaseUntilOut(invoker, 3)).hasSize(3);
        }
    }

    @Test
    void addressesInARequestInFlightAtTheCheckpointAreEachSentAgainAndAppliedOnce()
            throws Exception {
        SdkInvoker before = new SdkInvoker(DispatchFunctions.all()).gated();
        OperatorSubtaskState checkpoint;
        try (DispatcherHarness dispatcher = openWithLanes(before, 1)) {
            dispatcher.warmUp(before, COUNTER);
            dispatcher.send(COUNTER, "a", "x");
            dispatcher.send(COUNTER, "b", "y");
            dispatcher.send(COUNTER, "c", "z");
            before.releaseOne(); // a applied; b and c leave together
            dispatcher.runMailsUntil(() -> before.heldCount() == 1);
            dispatcher.send(COUNTER, "b", "later"); // behind b's batch in flight
            checkpoint = dispatcher.harness.snapshot(1, 1);
            assertThat(dispatcher.out()).containsExactly("a 1 x");
        }

        SdkInvoker after = new SdkInvoker(DispatchFunctions.all());
        try (DispatcherHarness restored =
                DispatcherHarness.open(
                        DispatcherHarness.addressBatchingSpec(after.factory(), false, 1),
                        checkpoint,
                        1,
                        0)) {
            // a was applied before the checkpoint (its egress record went with that attempt).
            assertThat(restored.awaitOut(3))
                    .containsExactlyInAnyOrder("b 1 y", "c 1 z", "b 2 later");
            // The reply to the request before the restore arrives late and changes nothing.
            before.releaseOne();
            restored.runMails();
            restored.send(COUNTER, "c", "w");
            assertThat(restored.awaitOut(4)).contains("c 2 w").hasSize(4);
        }
    }

    @Test
    void aRequestTakesTheWaitingAddressesOnlyAsFarAsTheByteLimitAllows() throws Exception {
        long limit = 300;
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated().maxRequestBytes(limit);
        try (DispatcherHarness dispatcher = openWithLanes(invoker, 1)) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                dispatcher.send(COUNTER, "key" + i, "x");
                expected.add("key" + i + " 1 x");
            }
            assertThat(dispatcher.releaseUntilOut(invoker, 12))
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(invoker.addressBatchBytes())
                    .allSatisfy(bytes -> assertThat(bytes).isLessThanOrEqualTo((int) limit));
            // Several addresses rode together, but never all that waited.
            int most = invoker.addressBatches().stream().mapToInt(List::size).max().orElseThrow();
            assertThat(most).isBetween(2, 10);
        }
    }

    @Test
    void aFailedResultGoesAgainOnlyAfterTheEndpointsBackoff() throws Exception {
        SdkInvoker invoker =
                new SdkInvoker(DispatchFunctions.all()).gated().failingResultsFor("b", 2);
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(
                        DispatcherHarness.addressBatchingSpec(
                                invoker.factory(), false, 1, backoffFromOneSecond(0)))) {
            dispatcher.harness.setProcessingTime(0);
            dispatcher.send(COUNTER, "a", "x");
            dispatcher.releaseUntilOut(invoker, 1); // the handshake declared the state
            int before = invoker.addressBatches().size();

            dispatcher.send(COUNTER, "b", "y");
            invoker.releaseOne(); // b's result fails: again after 1 s, then 2 s
            dispatcher.runMailsUntil(() -> invoker.heldCount() == 0);
            dispatcher.advanceTime(999);
            dispatcher.runMails();
            assertThat(invoker.addressBatches()).hasSize(before + 1);
            dispatcher.advanceTime(1);
            dispatcher.runMailsUntil(() -> invoker.heldCount() == 1);
            invoker.releaseOne(); // fails again
            dispatcher.runMailsUntil(() -> invoker.heldCount() == 0);
            dispatcher.advanceTime(1_999);
            dispatcher.runMails();
            assertThat(invoker.addressBatches()).hasSize(before + 2);
            dispatcher.advanceTime(1);
            dispatcher.runMailsUntil(() -> invoker.heldCount() == 1);
            invoker.releaseOne();
            assertThat(dispatcher.awaitOut(2)).containsExactly("a 1 x", "b 1 y");
            assertThat(countOf(invoker, "b")).isEqualTo(3);
        }
    }

    @Test
    void anAddressWhoseResultsKeepFailingIsDeadLetteredAfterThePolicysAttempts() throws Exception {
        SdkInvoker invoker =
                new SdkInvoker(DispatchFunctions.all()).gated().failingResultsFor("b", 100);
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(
                        DispatcherHarness.addressBatchingSpec(
                                invoker.factory(), true, 1, backoffFromOneSecond(3)))) {
            dispatcher.harness.setProcessingTime(0);
            dispatcher.send(COUNTER, "a", "x");
            dispatcher.releaseUntilOut(invoker, 1);
            dispatcher.send(COUNTER, "b", "y");
            dispatcher.runMailsUntil(
                    () -> {
                        if (invoker.heldCount() > 0) {
                            invoker.releaseOne();
                        } else {
                            dispatcher.advanceTime(500);
                        }
                        return !dispatcher.records(DispatcherHarness.DEAD).isEmpty();
                    });
            assertThat(countOf(invoker, "b")).isEqualTo(3);
            byte[] letter = dispatcher.records(DispatcherHarness.DEAD).get(0).value();
            assertThat(new String(letter, StandardCharsets.UTF_8))
                    .contains("failed in 3 replies", "at most 3 attempts", "500 function failed");
            // The address goes on.
            dispatcher.send(COUNTER, "a", "z");
            assertThat(dispatcher.releaseUntilOut(invoker, 2)).containsExactly("a 1 x", "a 2 z");
        }
    }

    /** Backoff from 1 s doubling, no jitter; {@code attempts} 0 means within a minute only. */
    private static RetryPolicy backoffFromOneSecond(int attempts) {
        return new RetryPolicy(
                Duration.ofSeconds(1),
                Duration.ofSeconds(8),
                2.0,
                0,
                attempts,
                Duration.ofMinutes(1),
                RetryPolicy.DEFAULT_RETRYABLE_STATUSES);
    }

    /** Each address-batch request's target ids, in request order. */
    private static List<List<String>> ids(SdkInvoker invoker) {
        return perRequest(invoker, Address::getId);
    }

    /** Each address-batch request's target function types ({@code namespace/type}). */
    private static List<List<String>> types(SdkInvoker invoker) {
        return perRequest(invoker, target -> target.getNamespace() + "/" + target.getType());
    }

    private static List<List<String>> perRequest(
            SdkInvoker invoker, Function<Address, String> part) {
        List<List<String>> parts = new ArrayList<>();
        for (List<ToFunction> batch : invoker.addressBatches()) {
            parts.add(batch.stream().map(r -> part.apply(r.getInvocation().getTarget())).toList());
        }
        return parts;
    }

    private static long countOf(SdkInvoker invoker, String id) {
        return invoker.requests().stream()
                .filter(r -> r.getInvocation().getTarget().getId().equals(id))
                .count();
    }

    /**
     * A dispatcher whose endpoint batches addresses, with at most {@code requestsInFlight} per lane
     * and no dead-lettering.
     */
    private static DispatcherHarness openWithLanes(SdkInvoker invoker, int requestsInFlight)
            throws Exception {
        return DispatcherHarness.open(
                DispatcherHarness.addressBatchingSpec(invoker.factory(), false, requestsInFlight));
    }
}
