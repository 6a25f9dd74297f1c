package dev.ferry.invokers;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How an invoker retries one invocation: exponential backoff with jitter, bounded by a number of
 * attempts and by a total deadline, for failures of a retryable kind. One value shared by every
 * invoker.
 *
 * @param initialBackoff delay before the first retry
 * @param maxBackoff cap of any one delay
 * @param multiplier growth of the delay per attempt (at least 1)
 * @param jitter random spread of each delay as a fraction, 0 to 1
 * @param maxAttempts attempts in all, the first included; 0 means bounded by the deadline only
 * @param deadline total time for all attempts of one invocation
 * @param retryableStatuses HTTP statuses below 500 worth retrying; every status from 500 up is
 *     retried
 */
public record RetryPolicy(
        Duration initialBackoff,
        Duration maxBackoff,
        double multiplier,
        double jitter,
        int maxAttempts,
        Duration deadline,
        Set<Integer> retryableStatuses)
        implements Serializable {

    /** The statuses below 500 that StateFun's HTTP transport retries. */
    public static final Set<Integer> DEFAULT_RETRYABLE_STATUSES = Set.of(408, 409, 420, 429, 499);

    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(10);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
    public static final double DEFAULT_MULTIPLIER = 2.0;
    public static final double DEFAULT_JITTER = 0.2;

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(deadline, "deadline");
        retryableStatuses = Set.copyOf(retryableStatuses);
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException(
                    "initialBackoff must be above zero: " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff " + maxBackoff + " is below initialBackoff " + initialBackoff);
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be within 0..1: " + jitter);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must not be negative: " + maxAttempts);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be above zero: " + deadline);
        }
    }

    /** From 10 ms doubling to 2 s, jitter 0.2, unlimited attempts within {@code deadline}. */
    public static RetryPolicy defaults(Duration deadline) {
        return new RetryPolicy(
                DEFAULT_INITIAL_BACKOFF,
                DEFAULT_MAX_BACKOFF,
                DEFAULT_MULTIPLIER,
                DEFAULT_JITTER,
                0,
                deadline,
                DEFAULT_RETRYABLE_STATUSES);
    }

    /** The same policy with another total deadline. */
    public RetryPolicy withDeadline(Duration newDeadline) {
        return new RetryPolicy(
                initialBackoff,
                maxBackoff,
                multiplier,
                jitter,
                maxAttempts,
                newDeadline,
                retryableStatuses);
    }

    /** Whether an HTTP status is worth another attempt. */
    public boolean isRetryableStatus(int status) {
        return status >= 500 || retryableStatuses.contains(status);
    }
}
