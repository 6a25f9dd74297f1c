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
    private final int status;
    private boolean functionError;

    public AttemptFailure(String message, boolean retryable, Duration retryAfter, Throwable cause) {
        this(message, retryable, retryAfter, cause, 0);
    }

    /** A failure from an HTTP reply with {@code status}. */
    public AttemptFailure(
            String message, boolean retryable, Duration retryAfter, Throwable cause, int status) {
        super(message, cause, false, false);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.status = status;
    }

    public static AttemptFailure retryable(String message) {
        return new AttemptFailure(message, true, null, null);
    }

    public static AttemptFailure permanent(String message) {
        return new AttemptFailure(message, false, null, null);
    }

    /** The function failed while handling the request (retryable, as Lambda may fail anew). */
    public static AttemptFailure functionError(String message) {
        AttemptFailure failure = new AttemptFailure(message, true, null, null);
        failure.functionError = true;
        return failure;
    }

    /** Whether the function itself failed (a Lambda function error). */
    public boolean isFunctionError() {
        return functionError;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status of the reply that failed the attempt, or 0 when there was no reply. */
    public int status() {
        return status;
    }

    /** The server's requested delay, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
