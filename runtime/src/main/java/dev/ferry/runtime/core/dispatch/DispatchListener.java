package dev.ferry.runtime.core.dispatch;

import dev.ferry.invokers.InvocationObserver;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import java.io.Serializable;
import org.apache.flink.metrics.MetricGroup;

/**
 * What the dispatcher reports as it works, for metrics: every method is called on the task thread
 * and does nothing by default, so an implementation overrides only what it counts.
 */
public interface DispatchListener {
    /** A listener that ignores everything. */
    DispatchListener NONE = new DispatchListener() {};

    /** A message for {@code target} is handled by this task (from any input). */
    default void messageIn(FunctionAddress target) {}

    /** A function sent a message to a key of this task. */
    default void localOut(FunctionAddress target) {}

    /** A function sent a message to a key of another task (it leaves through the feedback loop). */
    default void remoteOut(FunctionAddress target) {}

    /** A function sent a record to {@code egress}. */
    default void egressOut(TypeName egress) {}

    /** A batch of {@code messages} left for {@code address} in a request of {@code bytes}. */
    default void sent(FunctionAddress address, int messages, int bytes) {}

    /**
     * One address-batch request left {@code endpoint}'s lane carrying the batches of {@code
     * addresses} addresses, {@code messages} messages in all, in {@code bytes}: one invocation,
     * while {@link #sent} is called for each of its addresses. Retries of the request by the
     * invoker are not counted again.
     */
    default void addressBatchSent(String endpoint, int addresses, int messages, int bytes) {}

    /**
     * The result of {@code address} failed or was missing inside an address-batch reply: its batch
     * goes again after a backoff.
     */
    default void addressResent(FunctionAddress address) {}

    /**
     * A reply of {@code bytes} for {@code address} arrived {@code nanos} after its request was
     * sent.
     */
    default void replied(FunctionAddress address, long nanos, int bytes) {}

    /** An invocation of {@code address} finally failed, or its reply could not be applied. */
    default void failed(FunctionAddress address, Throwable failure) {}

    /** {@code messages} for {@code address} went to the dead-letter egress. */
    default void deadLettered(FunctionAddress address, int messages) {}

    /** Messages now buffered behind batches in flight, summed over the task's addresses. */
    default void backlog(long buffered) {}

    /** Invocations now in flight in this task. */
    default void inFlight(int invocations) {}

    /** Where the invoker of {@code endpoint} reports its attempts, retries and errors. */
    default InvocationObserver endpoint(String endpoint) {
        return InvocationObserver.NONE;
    }

    /** Makes the listener of one task from the operator's metric group. */
    @FunctionalInterface
    interface Factory extends Serializable {
        /** A factory of listeners that ignore everything. */
        Factory NONE = metrics -> DispatchListener.NONE;

        DispatchListener create(MetricGroup operatorMetrics);
    }
}
