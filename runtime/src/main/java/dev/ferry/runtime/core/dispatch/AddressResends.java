package dev.ferry.runtime.core.dispatch;

import dev.ferry.invokers.RetryPolicy;

/**
 * When one address's batch goes again after its result failed inside an address-batch reply (the
 * function threw for it, the reply lacked it): by the endpoint's {@link RetryPolicy}, as a single
 * request is retried. The policy's backoff ({@link RetryPolicy#backoff}) between its sends, at most
 * the policy's attempts, and never past its deadline counted from the first send; a status the
 * policy does not retry (a request the function cannot read, 400) fails at once. The invoker
 * applies the same policy to whole requests; this is the per-address part it cannot see.
 */
final class AddressResends {
    private AddressResends() {}

    /**
     * The wait before send {@code attempt + 1} of an address whose first send was at {@code
     * firstSentMillis}, or -1 when it must not go again.
     *
     * @param attempt sends so far, at least 1
     * @param failure the failure its result carried ("{@code <status> <message>}"), or null when
     *     the result was missing or unreadable (always worth another send)
     */
    static long delayMillis(
            RetryPolicy policy, int attempt, long firstSentMillis, long nowMillis, String failure) {
        if (policy.maxAttempts() > 0 && attempt >= policy.maxAttempts()) {
            return -1;
        }
        int status = statusOf(failure);
        if (status > 0 && !policy.isRetryableStatus(status)) {
            return -1;
        }
        long delay = policy.backoff(attempt).toMillis();
        if (nowMillis + delay - firstSentMillis > policy.deadline().toMillis()) {
            return -1;
        }
        return delay;
    }

    /** The HTTP status at the start of an adapter's failure text, or 0 when there is none. */
    static int statusOf(String failure) {
        if (failure == null || failure.length() < 4 || failure.charAt(3) != ' ') {
            return 0;
        }
        for (int i = 0; i < 3; i++) {
            if (!Character.isDigit(failure.charAt(i))) {
                return 0;
            }
        }
        return Integer.parseInt(failure.substring(0, 3));
    }
}
