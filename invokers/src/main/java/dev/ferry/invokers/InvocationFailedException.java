package dev.ferry.invokers;

/**
 * The terminal failure of an invocation: retries are exhausted, the total deadline has passed, or
 * the failure is not retryable. Carries what the runtime needs to report it or to dead-letter the
 * batch.
 */
public final class InvocationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String endpoint;
    private final int attempts;
    private final boolean retryable;

    public InvocationFailedException(
            String endpoint, int attempts, boolean retryable, String message, Throwable cause) {
        super(message, cause);
        this.endpoint = endpoint;
        this.attempts = attempts;
        this.retryable = retryable;
    }

    /** Where the invocation went (a URL, a function ARN, ...). */
    public String endpoint() {
        return endpoint;
    }

    /** How many attempts were made before giving up. */
    public int attempts() {
        return attempts;
    }

    /** Whether the last failure was of a retryable kind (false: retrying would not help). */
    public boolean retryable() {
        return retryable;
    }
}
