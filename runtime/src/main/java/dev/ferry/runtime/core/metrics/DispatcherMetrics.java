package dev.ferry.runtime.core.metrics;

import dev.ferry.invokers.InvocationObserver;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.dispatch.DispatchListener;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The function operator's metrics in Flink's metric system, documented in {@code docs/metrics.md}:
 * per function type ({@link FunctionMetrics}), per endpoint ({@link EndpointMetrics}), per egress
 * ({@code egress=<id>}: records) and per task (buffered messages and invocations in flight).
 * Everything but the endpoint metrics is updated on the task thread.
 */
public final class DispatcherMetrics implements DispatchListener {
    private final MetricGroup operator;
    private final Map<TypeName, FunctionMetrics> functions = new HashMap<>();
    private final Map<TypeName, Counter> egresses = new HashMap<>();
    private final Map<String, AddressBatchMetrics> addressBatches = new HashMap<>();
    private volatile long buffered;
    private volatile int inFlight;

    DispatcherMetrics(MetricGroup operator) {
        this.operator = operator;
        operator.gauge("backlog", () -> buffered);
        operator.gauge("inFlightInvocations", () -> inFlight);
    }

    /** The factory the function operator makes each task's listener with. */
    public static DispatchListener.Factory factory() {
        return DispatcherMetrics::new;
    }

    private FunctionMetrics function(FunctionAddress address) {
        return functions.computeIfAbsent(
                address.type(),
                type -> new FunctionMetrics(operator.addGroup("function", type.asString())));
    }

    @Override
    public void messageIn(FunctionAddress target) {
        function(target).in.inc();
    }

    @Override
    public void localOut(FunctionAddress target) {
        function(target).outLocal.inc();
    }

    @Override
    public void remoteOut(FunctionAddress target) {
        function(target).outRemote.inc();
    }

    @Override
    public void egressOut(TypeName egress) {
        egresses.computeIfAbsent(
                        egress, id -> operator.addGroup("egress", id.asString()).counter("records"))
                .inc();
    }

    @Override
    public void sent(FunctionAddress address, int messages, int bytes) {
        FunctionMetrics metrics = function(address);
        metrics.invocations.inc();
        metrics.batchSize.update(messages);
        metrics.requestBytes.inc(bytes);
    }

    @Override
    public void addressBatchSent(String endpoint, int addresses, int messages, int bytes) {
        AddressBatchMetrics metrics =
                addressBatches.computeIfAbsent(
                        endpoint,
                        name -> new AddressBatchMetrics(operator.addGroup("endpoint", name)));
        metrics.requests.inc();
        metrics.addresses.update(addresses);
        metrics.messages.update(messages);
    }

    @Override
    public void addressResent(FunctionAddress address) {
        function(address).addressResends.inc();
    }

    @Override
    public void replied(FunctionAddress address, long nanos, int bytes) {
        FunctionMetrics metrics = function(address);
        metrics.latencyMillis.update(TimeUnit.NANOSECONDS.toMillis(nanos));
        metrics.replyBytes.inc(bytes);
    }

    @Override
    public void failed(FunctionAddress address, Throwable failure) {
        function(address).invocationFailures.inc();
    }

    @Override
    public void deadLettered(FunctionAddress address, int messages) {
        function(address).deadLetters.inc(messages);
    }

    @Override
    public void backlog(long buffered) {
        this.buffered = buffered;
    }

    @Override
    public void inFlight(int invocations) {
        this.inFlight = invocations;
    }

    @Override
    public InvocationObserver endpoint(String endpoint) {
        return new EndpointMetrics(operator.addGroup("endpoint", endpoint));
    }
}
