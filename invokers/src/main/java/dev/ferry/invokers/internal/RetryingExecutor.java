package dev.ferry.invokers.internal;

import dev.failsafe.ExecutionContext;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Policy;
import dev.ferry.invokers.InvocationFailedException;
import dev.ferry.invokers.InvocationObserver;
import dev.ferry.invokers.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    /**
     * Set when the invoker closes: its client is gone, so a retry could only fail again ("client is
     * closed") until the deadline, minutes after the job that needed it was cancelled.
     */
    private volatile boolean closed;

    /** First delay between cold-start retries. */
    public static final Duration COLD_START_INITIAL_BACKOFF = Duration.ofMillis(100);

    /** Cap of the delay between cold-start retries. */
    public static final Duration COLD_START_MAX_BACKOFF = Duration.ofSeconds(1);

    /** What an activator or ingress answers while the service has no ready instance. */
    public static final Set<Integer> COLD_START_STATUSES = Set.of(502, 503, 504);

    private final RetryPolicy policy;
    private final Duration coldStartBudget;
    private final Duration deadline;
    private final Duration attemptTimeout;
    private final FailsafeExecutor<T> executor;
    private final RetryLog retryLog;
    private volatile InvocationObserver observer = InvocationObserver.NONE;

    public RetryingExecutor(String endpoint, RetryPolicy policy) {
        this(endpoint, policy, null);
    }

    /**
     * @param attemptTimeout a bound on each attempt, whatever it waits for, or null for none. An
     *     attempt that outlives it is abandoned and retried within the deadline: invocation is
     *     at-least-once anyway, and one stuck attempt must not hold an address until the deadline.
     */
    public RetryingExecutor(String endpoint, RetryPolicy policy, Duration attemptTimeout) {
        this(endpoint, policy, attemptTimeout, null);
    }

    /**
     * @param coldStartBudget how long after the first attempt HTTP 502, 503 and 504 answers (what a
     *     Knative activator or ingress says while a service scales from zero) are retried, or null
     *     for no such allowance. These retries back off from {@link #COLD_START_INITIAL_BACKOFF} to
     *     {@link #COLD_START_MAX_BACKOFF}, honour Retry-After and do not count against the policy's
     *     attempt limit; the invocation's deadline is at least the budget. Once it is spent, such
     *     answers fall to the ordinary policy.
     */
    public RetryingExecutor(
            String endpoint,
            RetryPolicy policy,
            Duration attemptTimeout,
            Duration coldStartBudget) {
        this.endpoint = endpoint;
        this.policy = policy;
        this.attemptTimeout = attemptTimeout;
        this.retryLog = new RetryLog(endpoint);
        this.coldStartBudget =
                coldStartBudget == null || coldStartBudget.isZero() ? null : coldStartBudget;
        this.deadline =
                this.coldStartBudget != null
                                && this.coldStartBudget.compareTo(policy.deadline()) > 0
                        ? this.coldStartBudget
                        : policy.deadline();
        var retries =
                dev.failsafe.RetryPolicy.<T>builder()
                        .handleIf(
                                (result, failure) ->
                                        failure != null && !closed && isRetryable(failure))
                        .withMaxRetries(policy.maxAttempts() > 0 ? policy.maxAttempts() - 1 : -1)
                        .withDelayFn(context -> delay(context, policy))
                        .onRetryScheduled(
                                event -> {
                                    Throwable failure = unwrap(event.getLastException());
                                    observer.retry(RetryCauses.of(failure));
                                    retryLog.retrying(
                                            failure,
                                            event.getAttemptCount(),
                                            event.getDelay(),
                                            "retry");
                                })
                        .build();
        // The deadline and the attempt bound are CompletableFuture timeouts (see execute), not
        // Failsafe Timeout policies: those schedule on Failsafe's own timer whatever scheduler is
        // set, and cancelling them on every successful attempt creates a CancellationException with
        // its stack trace, a seventh of the runtime's allocation at a few thousand invocations per
        // second.
        List<Policy<T>> policies = new ArrayList<>();
        policies.add(retries);
        if (this.coldStartBudget != null) {
            // Inside the ordinary retries: while the budget lasts, a cold-start answer is retried
            // here and never reaches (nor uses up) the ordinary policy. Of coldStart only the
            // backoff counts: the budget bounds these retries.
            RetryPolicy coldStart =
                    new RetryPolicy(
                            COLD_START_INITIAL_BACKOFF,
                            COLD_START_MAX_BACKOFF,
                            2.0,
                            policy.jitter(),
                            0,
                            this.coldStartBudget,
                            Set.of());
            policies.add(
                    dev.failsafe.RetryPolicy.<T>builder()
                            .handleIf((result, failure) -> failure != null && isColdStart(failure))
                            .withMaxRetries(-1)
                            .withMaxDuration(this.coldStartBudget)
                            .withDelayFn(context -> delay(context, coldStart))
                            .onRetryScheduled(
                                    event -> {
                                        observer.retry(InvocationObserver.RetryCause.COLD_START);
                                        retryLog.retrying(
                                                unwrap(event.getLastException()),
                                                event.getAttemptCount(),
                                                event.getDelay(),
                                                "cold-start retry");
                                    })
                            .build());
        }
        this.executor = Failsafe.with(policies).with(InlineScheduler.INSTANCE);
    }

    /**
     * Stops retrying: an invocation under way ends with its current attempt's failure, and a new
     * one fails at once. Called when the invoker closes (the job is cancelled or restarting).
     */
    public void close() {
        closed = true;
    }

    /** Reports attempts and retries to {@code observer} from now on. */
    public void observe(InvocationObserver observer) {
        this.observer = observer;
    }

    /** Where attempts and retries are reported. */
    public InvocationObserver observer() {
        return observer;
    }

    /**
     * Runs {@code attempt} until it succeeds or the policy gives up. The attempt gets the time left
     * of the deadline, to bound its own I/O.
     */
    public CompletableFuture<T> execute(Function<Duration, CompletionStage<T>> attempt) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("the invoker of " + endpoint + " is closed"));
        }
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        AtomicInteger attempts = new AtomicInteger();
        // Kept so that a deadline failure can say what went wrong last, not only that time ran out.
        AtomicReference<Throwable> last = new AtomicReference<>();
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<T> execution =
                executor.getStageAsync(
                        () -> {
                            attempts.incrementAndGet();
                            observer.attempt();
                            Duration left = Duration.ofNanos(deadlineNanos - System.nanoTime());
                            CompletableFuture<T> one =
                                    attempt.apply(left.isNegative() ? Duration.ofMillis(1) : left)
                                            .toCompletableFuture();
                            if (attemptTimeout != null) {
                                // A new future: the attempt's own one may be shared.
                                one =
                                        one.thenApply(Function.identity())
                                                .orTimeout(
                                                        attemptTimeout.toNanos(),
                                                        TimeUnit.NANOSECONDS);
                            }
                            return one.whenComplete(
                                    (value, failure) -> {
                                        if (failure != null) {
                                            last.set(unwrap(failure));
                                        }
                                    });
                        });
        execution
                .thenApply(Function.identity())
                .orTimeout(deadline.toNanos(), TimeUnit.NANOSECONDS)
                .whenComplete(
                        (value, failure) -> {
                            if (failure == null) {
                                result.complete(value);
                                return;
                            }
                            Throwable cause = unwrap(failure);
                            boolean deadlinePassed =
                                    cause instanceof TimeoutException && !execution.isDone();
                            if (deadlinePassed) {
                                // No further attempts: the invocation has failed.
                                execution.cancel(false);
                            }
                            result.completeExceptionally(
                                    terminal(cause, deadlinePassed, attempts.get(), last.get()));
                        });
        return result;
    }

    private InvocationFailedException terminal(
            Throwable failure, boolean deadlinePassed, int attempts, Throwable last) {
        if (deadlinePassed) {
            return new InvocationFailedException(
                    endpoint,
                    attempts,
                    true,
                    "no successful reply from "
                            + endpoint
                            + " within the deadline of "
                            + deadline
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

    private static boolean isColdStart(Throwable failure) {
        return unwrap(failure) instanceof AttemptFailure attempt
                && COLD_START_STATUSES.contains(attempt.status());
    }

    private static boolean isRetryable(Throwable failure) {
        Throwable cause = unwrap(failure);
        return !(cause instanceof AttemptFailure attempt) || attempt.retryable();
    }

    /**
     * The wait before the next attempt. The server's Retry-After is a minimum: it is only ever
     * stretched by the jitter, never shortened (Failsafe's own jitter spreads a delay both ways, so
     * a 1 s Retry-After could become 0.8 s). Otherwise {@code backoff}'s {@link
     * RetryPolicy#backoff}. "Retry-After: 0" takes the backoff too, and no delay is under 1 ms: a
     * zero delay would make Failsafe retry inline, inside the completion of the failed attempt,
     * which it does not support.
     */
    private Duration delay(ExecutionContext<T> context, RetryPolicy backoff) {
        if (unwrap(context.getLastException()) instanceof AttemptFailure attempt
                && attempt.retryAfter() != null
                && !attempt.retryAfter().isZero()) {
            double spread = ThreadLocalRandom.current().nextDouble();
            long millis = attempt.retryAfter().toMillis();
            return Duration.ofMillis(millis + (long) Math.ceil(millis * policy.jitter() * spread));
        }
        return backoff.backoff(context.getAttemptCount());
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
