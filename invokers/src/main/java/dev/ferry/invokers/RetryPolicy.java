package dev.ferry.invokers;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

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

    /**
     * The wait before the next attempt once {@code attempts} attempts have failed: {@code
     * initialBackoff} times {@code multiplier} to the power {@code attempts - 1}, capped at {@code
     * maxBackoff}, spread both ways by the jitter, and never under 1 ms. The one backoff of every
     * retry: an invoker's attempts and the runtime's resends of single addresses of an address
     * batch.
     *
     * @param attempts attempts so far, at least 1
     */
    public Duration backoff(int attempts) {
        return backoff(attempts, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * {@link #backoff(int)} with the jitter's random draw given: {@code spread} 0 shortens the wait
     * by the whole jitter, 0.5 leaves it as it is, and towards 1 it lengthens it by the jitter.
     */
    Duration backoff(int attempts, double spread) {
        double grown = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempts - 1));
        double capped = Math.min(grown, maxBackoff.toMillis());
        double jittered = capped * (1 + jitter * (2 * spread - 1));
        return Duration.ofMillis(Math.max(1, Math.round(jittered)));
    }

    /** Whether an HTTP status is worth another attempt. */
    public boolean isRetryableStatus(int status) {
        return status >= 500 || retryableStatuses.contains(status);
    }
}
