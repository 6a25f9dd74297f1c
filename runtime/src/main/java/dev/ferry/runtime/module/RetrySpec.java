package dev.ferry.runtime.module;

import dev.ferry.invokers.RetryPolicy;
import dev.ferry.protocol.TypeName;
import java.io.Serializable;
import java.time.Duration;
import java.util.Set;

/**
 * How an endpoint retries a failed invocation, and what happens when it gives up. One shape for
 * every endpoint kind.
 *
 * @param initialBackoff delay before the first retry
 * @param maxBackoff upper bound of any one delay
 * @param multiplier growth of the delay per attempt
 * @param jitter random spread of each delay, as a fraction (0 to 1)
 * @param maxAttempts attempts in all, the first included; 0 means bounded by the deadline only
 * @param deadline total time for all attempts of one invocation; null means the endpoint's call
 *     timeout
 * @param retryableStatuses HTTP statuses worth retrying (a status from 500 up is always retried)
 * @param onExhausted what to do when retries are exhausted
 * @param deadLetterEgress where a batch goes with {@link OnExhausted#DEAD_LETTER}, else null
 */
public record RetrySpec(
        Duration initialBackoff,
        Duration maxBackoff,
        double multiplier,
        double jitter,
        int maxAttempts,
        Duration deadline,
        Set<Integer> retryableStatuses,
        OnExhausted onExhausted,
        TypeName deadLetterEgress)
        implements Serializable {

    /** What an endpoint does with a batch whose retries are exhausted. */
    public enum OnExhausted {
        /** Fail the job, which restarts from the last checkpoint (StateFun's behaviour). */
        FAIL,
        /** Send the batch to the dead-letter egress and go on. */
        DEAD_LETTER
    }

    public static final Duration DEFAULT_INITIAL_BACKOFF = RetryPolicy.DEFAULT_INITIAL_BACKOFF;
    public static final Duration DEFAULT_MAX_BACKOFF = RetryPolicy.DEFAULT_MAX_BACKOFF;
    public static final double DEFAULT_MULTIPLIER = RetryPolicy.DEFAULT_MULTIPLIER;
    public static final double DEFAULT_JITTER = RetryPolicy.DEFAULT_JITTER;

    /** StateFun's retryable statuses below 500 (every status from 500 up is retried too). */
    public static final Set<Integer> DEFAULT_RETRYABLE_STATUSES =
            RetryPolicy.DEFAULT_RETRYABLE_STATUSES;

    public RetrySpec {
        retryableStatuses = Set.copyOf(retryableStatuses);
    }

    /** The defaults: exponential from 10 ms to 2 s, jitter 0.2, within the call timeout, fail. */
    public static RetrySpec defaults() {
        return new RetrySpec(
                DEFAULT_INITIAL_BACKOFF,
                DEFAULT_MAX_BACKOFF,
                DEFAULT_MULTIPLIER,
                DEFAULT_JITTER,
                0,
                null,
                DEFAULT_RETRYABLE_STATUSES,
                OnExhausted.FAIL,
                null);
    }

    /**
     * The invokers' policy for this spec; without a deadline of its own it gets the call timeout.
     */
    public RetryPolicy toPolicy(Duration callTimeout) {
        return new RetryPolicy(
                initialBackoff,
                maxBackoff,
                multiplier,
                jitter,
                maxAttempts,
                deadline != null ? deadline : callTimeout,
                retryableStatuses);
    }

    /** The same policy, sending exhausted batches to {@code egress}. */
    public RetrySpec withDeadLetter(TypeName egress) {
        return new RetrySpec(
                initialBackoff,
                maxBackoff,
                multiplier,
                jitter,
                maxAttempts,
                deadline,
                retryableStatuses,
                OnExhausted.DEAD_LETTER,
                egress);
    }
}
