package dev.ferry.invokers;

import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.protocol.wire.batch.AddressBatchReply;
import dev.ferry.protocol.wire.batch.AddressBatchRequest;
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
     * Where requests for {@code type} go (a URL, a function name): the requests of one address
     * batch must all have the same.
     */
    default String targetOf(TypeName type) {
        return type.asString();
    }

    /**
     * Sends Ferry's address batch — the requests of many addresses whose {@link #targetOf} is that
     * of {@code type} — as one request, and completes with each address's result. Retries as {@link
     * #invoke} does; a result failing for one address is not retried here. Only for endpoints whose
     * functions are served by a Ferry adapter.
     *
     * @param messages the messages of all addresses, for reports
     */
    default CompletableFuture<AddressBatchReply> invokeAddressBatch(
            TypeName type, AddressBatchRequest request, int messages) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException(
                        getClass().getSimpleName() + " does not send address batches"));
    }

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
