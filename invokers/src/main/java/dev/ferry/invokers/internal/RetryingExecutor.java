package dev.ferry.invokers.internal;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import dev.ferry.invokers.InvocationFailedException;
import dev.ferry.invokers.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs asynchronous attempts under a {@link RetryPolicy} with Failsafe: retries {@link
 * AttemptFailure}s marked retryable (and any I/O failure), honours a Retry-After delay, stops at
 * the attempt limit or the total deadline, and ends in an {@link InvocationFailedException}.
 */
public final class RetryingExecutor<T> {
    private final String endpoint;
    private final RetryPolicy policy;
    private final FailsafeExecutor<T> executor;

    public RetryingExecutor(String endpoint, RetryPolicy policy) {
        this(endpoint, policy, null);
    }

    /**
     * @param attemptTimeout a bound on each attempt, whatever it waits for, or null for none. An
     *     attempt that outlives it is abandoned and retried within the deadline: invocation is
     *     at-least-once anyway, and one stuck attempt must not hold an address until the deadline.
     */
    public RetryingExecutor(String endpoint, RetryPolicy policy, Duration attemptTimeout) {
        this.endpoint = endpoint;
        this.policy = policy;
        var retries =
                dev.failsafe.RetryPolicy.<T>builder()
                        .handleIf((result, failure) -> failure != null && isRetryable(failure))
                        .withBackoff(
                                policy.initialBackoff(), policy.maxBackoff(), policy.multiplier())
                        .withJitter(policy.jitter())
                        .withMaxRetries(policy.maxAttempts() > 0 ? policy.maxAttempts() - 1 : -1)
                        .withDelayFn(context -> retryAfter(context.getLastException()))
                        .build();
        Timeout<T> deadline = Timeout.of(policy.deadline());
        this.executor =
                attemptTimeout == null
                        ? Failsafe.with(deadline, retries).with(InlineScheduler.INSTANCE)
                        : Failsafe.with(deadline, retries, Timeout.<T>of(attemptTimeout))
                                .with(InlineScheduler.INSTANCE);
    }

    /**
     * Runs {@code attempt} until it succeeds or the policy gives up. The attempt gets the time left
     * of the deadline, to bound its own I/O.
     */
    public CompletableFuture<T> execute(Function<Duration, CompletionStage<T>> attempt) {
        long deadlineNanos = System.nanoTime() + policy.deadline().toNanos();
        AtomicInteger attempts = new AtomicInteger();
        // Kept so that a deadline failure can say what went wrong last, not only that time ran out.
        AtomicReference<Throwable> last = new AtomicReference<>();
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.getStageAsync(
                        () -> {
                            attempts.incrementAndGet();
                            Duration left = Duration.ofNanos(deadlineNanos - System.nanoTime());
                            return attempt.apply(left.isNegative() ? Duration.ofMillis(1) : left)
                                    .whenComplete(
                                            (value, failure) -> {
                                                if (failure != null) {
                                                    last.set(unwrap(failure));
                                                }
                                            });
                        })
                .whenComplete(
                        (value, failure) -> {
                            if (failure == null) {
                                result.complete(value);
                            } else {
                                result.completeExceptionally(
                                        terminal(unwrap(failure), attempts.get(), last.get()));
                            }
                        });
        return result;
    }

    private InvocationFailedException terminal(Throwable failure, int attempts, Throwable last) {
        if (failure instanceof TimeoutExceededException) {
            return new InvocationFailedException(
                    endpoint,
                    attempts,
                    true,
                    "no successful reply from "
                            + endpoint
                            + " within the deadline of "
                            + policy.deadline()
                            + " ("
                            + attempts
                            + (attempts == 1 ? " attempt)" : " attempts)")
                            + (last == null ? "" : "; last failure: " + last.getMessage()),
                    last == null ? failure : last);
        }
        boolean retryable = isRetryable(failure);
        String why =
                retryable
                        ? "gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                        : "not retryable";
        return new InvocationFailedException(
                endpoint,
                attempts,
                retryable,
                "invocation of " + endpoint + " failed (" + why + "): " + failure.getMessage(),
                failure);
    }

    private static boolean isRetryable(Throwable failure) {
        Throwable cause = unwrap(failure);
        return !(cause instanceof AttemptFailure attempt) || attempt.retryable();
    }

    private Duration retryAfter(Throwable failure) {
        if (unwrap(failure) instanceof AttemptFailure attempt && attempt.retryAfter() != null) {
            // Jitter is applied to this delay too; stretch it so that the server's minimum holds.
            long millis = (long) Math.ceil(attempt.retryAfter().toMillis() * (1 + policy.jitter()));
            return Duration.ofMillis(millis);
        }
        return Duration.ofMillis(-1);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
