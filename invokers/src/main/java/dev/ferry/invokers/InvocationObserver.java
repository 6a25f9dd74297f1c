package dev.ferry.invokers;

import java.util.Locale;

/**
 * What an invoker reports as it works, for metrics: attempts, retries and why, function errors and
 * ID-token fetches. Methods are called on the invoker's I/O threads, must be cheap and thread-safe,
 * and do nothing by default.
 */
public interface InvocationObserver {
    /** An observer that ignores everything. */
    InvocationObserver NONE = new InvocationObserver() {};

    /** An attempt of an invocation starts (the first one or a retry). */
    default void attempt() {}

    /** A failed attempt will be retried. */
    default void retry(RetryCause cause) {}

    /** The function failed while handling a request (a Lambda function error). */
    default void functionError() {}

    /** An ID token was fetched, the first one for an audience or a refresh. */
    default void tokenFetched() {}

    /** Why an attempt is retried. */
    enum RetryCause {
        /** The endpoint answered a status of 500 or more. */
        SERVER_ERROR,
        /** The endpoint answered 429 (or Lambda's TooManyRequestsException). */
        THROTTLED,
        /** The attempt took longer than its bound. */
        TIMEOUT,
        /** 502, 503 or 504 within a Knative endpoint's cold-start budget. */
        COLD_START,
        /** The function failed (a Lambda function error). */
        FUNCTION_ERROR,
        /** No answer: the connection was refused, reset or closed. */
        CONNECTION,
        /** Another retryable status or failure. */
        OTHER;

        /** The label in metrics: {@code server-error}, {@code throttled}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
