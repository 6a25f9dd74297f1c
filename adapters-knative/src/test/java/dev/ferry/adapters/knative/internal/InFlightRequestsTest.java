package dev.ferry.adapters.knative.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InFlightRequestsTest {

    @Test
    void awaitIdleReturnsAtOnceWhenNothingRuns() throws Exception {
        assertThat(new InFlightRequests().awaitIdle(1)).isTrue();
    }

    @Test
    void awaitIdleWaitsForTheLastExit() throws Exception {
        InFlightRequests requests = new InFlightRequests();
        requests.enter();
        requests.enter();
        assertThat(requests.awaitIdle(20)).isFalse();

        CompletableFuture<Boolean> idle =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return requests.awaitIdle(10_000);
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        requests.exit();
        assertThat(requests.count()).isEqualTo(1);
        requests.exit();
        assertThat(idle.get()).isTrue();
        assertThat(requests.count()).isZero();
    }
}
