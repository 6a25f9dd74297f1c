package dev.ferry.runtime.module;

import dev.ferry.invokers.RetryPolicy;
import dev.ferry.protocol.TypeName;
import java.io.Serializable;
import java.time.Duration;
import java.util.Set;

/**
 * How an endpoint retries a failed invocation, and what happens when it gives up. One shape for
 * every endpoint kind: the invokers' {@link RetryPolicy}, whose deadline may follow the endpoint's
 * call timeout, and the action on exhaustion.
 *
 * @param policy backoff, attempts, deadline and retryable statuses
 * @param deadlineFollowsCallTimeout whether the module left the deadline out, so that it is the
 *     endpoint's call timeout; {@code policy}'s own deadline then means nothing
 * @param onExhausted what to do when retries are exhausted
 * @param deadLetterEgress where a batch goes with {@link OnExhausted#DEAD_LETTER}, else null
 */
public record RetrySpec(
        RetryPolicy policy,
        boolean deadlineFollowsCallTimeout,
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

    /**
     * The deadline {@code policy} carries while it follows the call timeout: one value, so that two
     * specs that both follow it are equal; {@link #toPolicy} replaces it.
     */
    private static final Duration UNTIL_CALL_TIMEOUT = EndpointSpec.DEFAULT_CALL_TIMEOUT;

    public RetrySpec {
        if (deadlineFollowsCallTimeout) {
            policy = policy.withDeadline(UNTIL_CALL_TIMEOUT);
        }
    }

    /** The defaults: exponential from 10 ms to 2 s, jitter 0.2, within the call timeout, fail. */
    public static RetrySpec defaults() {
        return new RetrySpec(
                RetryPolicy.defaults(UNTIL_CALL_TIMEOUT), true, OnExhausted.FAIL, null);
    }

    /**
     * The invokers' policy for this spec; without a deadline of its own it gets the call timeout.
     */
    public RetryPolicy toPolicy(Duration callTimeout) {
        return deadlineFollowsCallTimeout ? policy.withDeadline(callTimeout) : policy;
    }

    /** The same policy, sending exhausted batches to {@code egress}. */
    public RetrySpec withDeadLetter(TypeName egress) {
        return new RetrySpec(policy, deadlineFollowsCallTimeout, OnExhausted.DEAD_LETTER, egress);
    }

    public Duration initialBackoff() {
        return policy.initialBackoff();
    }

    public Duration maxBackoff() {
        return policy.maxBackoff();
    }

    public double multiplier() {
        return policy.multiplier();
    }

    public double jitter() {
        return policy.jitter();
    }

    /** Attempts in all, the first included; 0 means bounded by the deadline only. */
    public int maxAttempts() {
        return policy.maxAttempts();
    }

    /** The module's own deadline for all attempts, or null: the endpoint's call timeout. */
    public Duration deadline() {
        return deadlineFollowsCallTimeout ? null : policy.deadline();
    }

    /** HTTP statuses below 500 worth retrying (a status from 500 up is always retried). */
    public Set<Integer> retryableStatuses() {
        return policy.retryableStatuses();
    }
}
