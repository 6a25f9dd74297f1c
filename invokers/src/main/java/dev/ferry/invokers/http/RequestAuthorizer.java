package dev.ferry.invokers.http;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Adds credentials to the requests of an {@link HttpInvoker}: headers fetched per attempt (an ID
 * token, a signature), without blocking the I/O threads.
 *
 * <p>{@link #headers} is called on an I/O or timer thread: an implementation that must do blocking
 * work (a token refresh) does it on its own threads and completes the stage from there. A stage
 * that fails with an {@link dev.ferry.invokers.internal.AttemptFailure} decides itself whether the
 * attempt is retried; any other failure is retried.
 */
public interface RequestAuthorizer extends AutoCloseable {

    /** The headers to add to a request to {@code url}. */
    CompletionStage<Map<String, String>> headers(String url);

    /**
     * Called when {@code url} answered 401 or 403; returns what the error should say about the
     * credentials used (identity, audience), and drops any cached credentials for it.
     */
    String refused(String url, int status);

    @Override
    default void close() {}
}
