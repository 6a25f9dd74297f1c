package dev.ferry.runtime.core.dispatch;

import dev.ferry.invokers.InvocationFailedException;
import dev.ferry.invokers.Invoker;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.handler.RequestReplyHandler;
import org.apache.flink.statefun.sdk.java.slice.Slice;
import org.apache.flink.statefun.sdk.java.slice.Slices;

/**
 * An invoker that calls the official StateFun SDK handler in process. It records every request, can
 * hold replies back until the test releases them (gated), and can fail invocations.
 */
final class SdkInvoker implements Invoker {
    /** Invokers by name, so that a serializable {@link InvokerFactory} can find them. */
    private static final Map<String, SdkInvoker> REGISTRY = new ConcurrentHashMap<>();

    private static final AtomicInteger NAMES = new AtomicInteger();

    private volatile RequestReplyHandler handler;
    private final List<ToFunction> requests = new ArrayList<>();
    private final Queue<Runnable> held = new ArrayDeque<>();
    private volatile boolean gated;
    private volatile int failuresLeft;
    private volatile long maxRequestBytes = Long.MAX_VALUE;
    private volatile BiFunction<ToFunction, FromFunction, FromFunction> tamper = (in, out) -> out;
    volatile boolean closed;

    SdkInvoker(StatefulFunctions functions) {
        this.handler = functions.requestReplyHandler();
    }

    /** Serves the next requests with other functions (a new version of the function). */
    void use(StatefulFunctions functions) {
        handler = functions.requestReplyHandler();
    }

    /** A factory that finds this invoker again after the factory was serialized. */
    InvokerFactory factory() {
        String name = "sdk-" + NAMES.incrementAndGet();
        REGISTRY.put(name, this);
        return () -> REGISTRY.get(name);
    }

    SdkInvoker gated() {
        gated = true;
        return this;
    }

    SdkInvoker failing(int invocations) {
        failuresLeft = invocations;
        return this;
    }

    /**
     * Changes the SDK's replies that carry an invocation result, as a misbehaving function would:
     * {@code tamper} gets the request and the SDK's reply and returns the reply sent.
     */
    SdkInvoker tampering(BiFunction<ToFunction, FromFunction, FromFunction> tamper) {
        this.tamper = tamper;
        return this;
    }

    SdkInvoker maxRequestBytes(long bytes) {
        maxRequestBytes = bytes;
        return this;
    }

    synchronized List<ToFunction> requests() {
        return List.copyOf(requests);
    }

    synchronized int heldCount() {
        return held.size();
    }

    /** Completes the oldest held invocation (its reply goes to the operator's mailbox). */
    void releaseOne() {
        Runnable next;
        synchronized (this) {
            next = held.poll();
        }
        if (next == null) {
            throw new IllegalStateException("no invocation is held");
        }
        next.run();
    }

    @Override
    public CompletableFuture<FromFunction> invoke(ToFunction request) {
        CompletableFuture<FromFunction> reply = new CompletableFuture<>();
        boolean fail;
        synchronized (this) {
            requests.add(request);
            fail = failuresLeft > 0;
            if (fail) {
                failuresLeft--;
            }
        }
        Runnable complete =
                fail
                        ? () ->
                                reply.completeExceptionally(
                                        new InvocationFailedException(
                                                "sdk", 3, true, "HTTP 503 from function", null))
                        : () -> reply.complete(call(request));
        if (gated) {
            synchronized (this) {
                held.add(complete);
            }
        } else {
            // A foreign thread, as with a real invoker.
            CompletableFuture.runAsync(complete);
        }
        return reply;
    }

    private FromFunction call(ToFunction request) {
        try {
            Slice out = handler.handle(Slices.wrap(request.toByteArray())).join();
            FromFunction reply = FromFunction.parseFrom(out.toByteArray());
            return reply.hasInvocationResult() ? tamper.apply(request, reply) : reply;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    @Override
    public void close() {
        closed = true;
    }
}
