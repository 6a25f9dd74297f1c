package dev.ferry.invokers;

import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one batch request for one address to a remote function and completes with its reply.
 *
 * <p>An invoker belongs to one endpoint. It applies the endpoint's retry policy itself, so the
 * returned future completes exceptionally only when the invocation has finally failed, with an
 * {@link InvocationFailedException} that says why and after how many attempts. Completion may
 * happen on any thread; callers hand results back to their own thread.
 */
public interface Invoker extends AutoCloseable {

    /** Invokes the function addressed by the request's target. */
    CompletableFuture<FromFunction> invoke(ToFunction request);

    /**
     * The largest serialized request this invoker accepts. Callers split batches so that each
     * request stays under it.
     */
    long maxRequestBytes();

    /**
     * {@link #maxRequestBytes()} as a user reads it in an error: the number and the setting it
     * comes from.
     */
    default String describeRequestLimit() {
        return String.format(Locale.ROOT, "%,d bytes (maxRequestBytes)", maxRequestBytes());
    }

    /**
     * Reports attempts, retries and errors to {@code observer} from now on. Called once, before the
     * first invocation; invokers that report nothing ignore it.
     */
    default void observe(InvocationObserver observer) {}

    /** Releases connections and threads. In-flight invocations fail. */
    @Override
    void close();
}
