package dev.ferry.invokers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.invokers.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryingExecutorTest {

    private static RetryPolicy policy(Duration initial, double jitter) {
        return new RetryPolicy(
                initial, Duration.ofSeconds(5), 2.0, jitter, 0, Duration.ofSeconds(30), Set.of());
    }

    /** Fails {@code failures} times with the given Retry-After, then answers with the delays. */
    private static CompletableFuture<List<Long>> run(
            RetryingExecutor<List<Long>> executor, int failures, Duration retryAfter) {
        AtomicInteger attempts = new AtomicInteger();
        List<Long> startedAt = new ArrayList<>();
        return executor.execute(
                left -> {
                    synchronized (startedAt) {
                        startedAt.add(System.nanoTime());
                    }
                    if (attempts.incrementAndGet() <= failures) {
                        return CompletableFuture.failedFuture(
                                new AttemptFailure("busy", true, retryAfter, null, 429));
                    }
                    List<Long> gaps = new ArrayList<>();
                    synchronized (startedAt) {
                        for (int i = 1; i < startedAt.size(); i++) {
                            gaps.add(
                                    TimeUnit.NANOSECONDS.toMillis(
                                            startedAt.get(i) - startedAt.get(i - 1)));
                        }
                    }
                    return CompletableFuture.completedFuture(gaps);
                });
    }

    @Test
    void retryAfterIsAMinimumWhateverTheJitter() throws Exception {
        // Jitter 1 is the worst case: a delay spread both ways could shrink to nothing.
        RetryingExecutor<List<Long>> executor =
                new RetryingExecutor<>("test", policy(Duration.ofMillis(10), 1.0));
        List<CompletableFuture<List<Long>>> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            runs.add(run(executor, 1, Duration.ofMillis(200)));
        }
        for (CompletableFuture<List<Long>> result : runs) {
            assertThat(result.get(10, TimeUnit.SECONDS))
                    .singleElement()
                    .satisfies(gap -> assertThat(gap).isBetween(200L, 1_000L));
        }
    }

    @Test
    void withoutRetryAfterTheBackoffGrowsByTheMultiplier() throws Exception {
        RetryingExecutor<List<Long>> executor =
                new RetryingExecutor<>("test", policy(Duration.ofMillis(40), 0.0));

        List<Long> gaps = run(executor, 3, null).get(10, TimeUnit.SECONDS);

        assertThat(gaps).hasSize(3);
        assertThat(gaps.get(0)).isGreaterThanOrEqualTo(40);
        assertThat(gaps.get(1)).isGreaterThanOrEqualTo(80);
        assertThat(gaps.get(2)).isGreaterThanOrEqualTo(160);
    }

    @Test
    void aZeroRetryAfterFallsBackToTheBackoff() throws Exception {
        RetryingExecutor<List<Long>> executor =
                new RetryingExecutor<>("test", policy(Duration.ofMillis(30), 0.0));

        List<Long> gaps = run(executor, 1, Duration.ZERO).get(10, TimeUnit.SECONDS);

        assertThat(gaps)
                .singleElement()
                .satisfies(gap -> assertThat(gap).isGreaterThanOrEqualTo(30));
    }

    @Test
    void anAttemptThatNeverAnswersIsAbandonedAtTheAttemptBoundAndRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        RetryingExecutor<String> executor =
                new RetryingExecutor<>(
                        "test", policy(Duration.ofMillis(1), 0), Duration.ofMillis(100));

        String reply =
                executor.execute(
                                left ->
                                        attempts.incrementAndGet() == 1
                                                ? new CompletableFuture<>()
                                                : CompletableFuture.completedFuture("second"))
                        .get(10, TimeUnit.SECONDS);

        assertThat(reply).isEqualTo("second");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void nothingAnsweredWithinTheDeadlineFailsSayingSoAndStopsTheAttempts() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        RetryPolicy shortDeadline =
                new RetryPolicy(
                        Duration.ofMillis(1),
                        Duration.ofMillis(1),
                        1.0,
                        0,
                        0,
                        Duration.ofMillis(300),
                        Set.of());
        RetryingExecutor<String> executor =
                new RetryingExecutor<>("test", shortDeadline, Duration.ofMillis(50));

        CompletableFuture<String> result =
                executor.execute(
                        left -> {
                            attempts.incrementAndGet();
                            return new CompletableFuture<>();
                        });

        assertThat(result)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .withMessageContaining("within the deadline of PT0.3S");
        int made = attempts.get();
        assertThat(made).isGreaterThan(1);
        // No attempt may start once the invocation has failed.
        org.awaitility.Awaitility.await()
                .during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(2))
                .until(() -> attempts.get() == made);
    }

    @Test
    void closingStopsRetriesAndRefusesNewInvocations() throws Exception {
        RetryingExecutor<String> executor =
                new RetryingExecutor<>("test", policy(Duration.ofMillis(50), 0.0));
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> failing =
                executor.execute(
                        left -> {
                            // The invoker closes while the second attempt is under way, whatever
                            // the machine's speed.
                            if (attempts.incrementAndGet() == 2) {
                                executor.close();
                            }
                            return CompletableFuture.failedFuture(
                                    new IllegalStateException("Client is closed"));
                        });

        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
                .hasRootCauseMessage("Client is closed");
        int attemptsWhenEnded = attempts.get();
        assertThat(attemptsWhenEnded)
                .as("no retry after the attempt under way at close")
                .isEqualTo(2);
        assertThatThrownBy(
                        () ->
                                executor.execute(left -> CompletableFuture.completedFuture("x"))
                                        .get(10, TimeUnit.SECONDS))
                .hasRootCauseMessage("the invoker of test is closed");
        assertThat(attempts.get()).isEqualTo(attemptsWhenEnded);
    }
}
