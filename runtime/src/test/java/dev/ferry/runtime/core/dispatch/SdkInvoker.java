package dev.ferry.runtime.core.dispatch;

import com.google.protobuf.ByteString;
import dev.ferry.invokers.InvocationFailedException;
import dev.ferry.invokers.Invoker;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.protocol.wire.batch.AddressBatchReply;
import dev.ferry.protocol.wire.batch.AddressBatchRequest;
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
 * hold replies back until the test releases them (gated), and can fail invocations. It answers
 * Ferry's address batches as Ferry's adapters do (each address through the SDK on its own), and can
 * fail one address's result or leave the last result out.
 */
final class SdkInvoker implements Invoker {
    /** Invokers by name, so that a serializable {@link InvokerFactory} can find them. */
    private static final Map<String, SdkInvoker> REGISTRY = new ConcurrentHashMap<>();

    private static final AtomicInteger NAMES = new AtomicInteger();

    private volatile RequestReplyHandler handler;
    private final List<ToFunction> requests = new ArrayList<>();
    private final List<List<ToFunction>> addressBatches = new ArrayList<>();
    private final List<Integer> addressBatchBytes = new ArrayList<>();
    private final Map<String, Integer> failingIds = new ConcurrentHashMap<>();
    private volatile int lastResultsToDrop;
    private final Queue<Runnable> held = new ArrayDeque<>();
    private volatile boolean gated;
    private volatile String target;
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

    /** Every function at one target, as one server behind a fixed path serves them all. */
    SdkInvoker servingAllAt(String target) {
        this.target = target;
        return this;
    }

    @Override
    public String targetOf(TypeName type) {
        return target == null ? Invoker.super.targetOf(type) : target;
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

    /** Answers a failure for address id {@code id} in the next {@code times} address batches. */
    SdkInvoker failingResultsFor(String id, int times) {
        failingIds.put(id, times);
        return this;
    }

    /** Leaves the last result out of the next {@code times} address batch replies of several. */
    SdkInvoker droppingLastResults(int times) {
        lastResultsToDrop = times;
        return this;
    }

    /** The address batches received, each as its addresses' requests. */
    synchronized List<List<ToFunction>> addressBatches() {
        return List.copyOf(addressBatches);
    }

    /** The serialized size of each address batch received. */
    synchronized List<Integer> addressBatchBytes() {
        return List.copyOf(addressBatchBytes);
    }

    SdkInvoker maxRequestBytes(long bytes) {
        maxRequestBytes = bytes;
        return this;
    }

    /** Forgets the requests and address batches seen so far (see DispatcherHarness#warmUp). */
    synchronized void forgetRequests() {
        requests.clear();
        addressBatches.clear();
        addressBatchBytes.clear();
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

    @Override
    public CompletableFuture<AddressBatchReply> invokeAddressBatch(
            TypeName type, AddressBatchRequest batch, int messages) {
        List<ToFunction> parsed = new ArrayList<>();
        try {
            for (ByteString bytes : batch.getRequestsList()) {
                parsed.add(ToFunction.parseFrom(bytes));
            }
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<AddressBatchReply> reply = new CompletableFuture<>();
        boolean fail;
        synchronized (this) {
            addressBatches.add(parsed);
            addressBatchBytes.add(batch.getSerializedSize());
            requests.addAll(parsed);
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
                        : () -> reply.complete(answer(parsed));
        if (gated) {
            synchronized (this) {
                held.add(complete);
            }
        } else {
            CompletableFuture.runAsync(complete);
        }
        return reply;
    }

    private AddressBatchReply answer(List<ToFunction> parsed) {
        AddressBatchReply.Builder reply = AddressBatchReply.newBuilder();
        for (ToFunction request : parsed) {
            String id = request.getInvocation().getTarget().getId();
            int failures = failingIds.getOrDefault(id, 0);
            if (failures > 0) {
                failingIds.put(id, failures - 1);
                reply.addResults(
                        AddressBatchReply.Result.newBuilder().setFailure("500 function failed"));
            } else {
                reply.addResults(
                        AddressBatchReply.Result.newBuilder()
                                .setFromFunction(call(request).toByteString()));
            }
        }
        if (parsed.size() > 1 && lastResultsToDrop > 0) {
            lastResultsToDrop--;
            reply.removeResults(parsed.size() - 1);
        }
        return reply.build();
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
