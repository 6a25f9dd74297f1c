package dev.ferry.invokers.internal;

import java.time.Duration;

/**
 * One failed attempt, with what the retry decision needs: whether another attempt may help, and how
 * long the server asked us to wait (Retry-After), if it did.
 */
public final class AttemptFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final Duration retryAfter;

    public AttemptFailure(String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static AttemptFailure retryable(String message) {
        return new AttemptFailure(message, true, null, null);
    }

    public static AttemptFailure permanent(String message) {
        return new AttemptFailure(message, false, null, null);
    }

    public boolean retryable() {
        return retryable;
    }

    /** The server's requested delay, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
