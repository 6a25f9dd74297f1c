package dev.ferry.runtime.core.metrics;

import dev.ferry.invokers.InvocationObserver;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The metrics of one endpoint's invoker in one task, in the group {@code endpoint=<name>}:
 * attempts, retries by cause ({@code cause=<label>}), function errors and ID-token fetches.
 */
final class EndpointMetrics implements InvocationObserver {
    private final Counter attempts;
    private final Map<RetryCause, Counter> retries = new EnumMap<>(RetryCause.class);
    private final Counter functionErrors;
    private final Counter tokenFetches;

    EndpointMetrics(MetricGroup endpoint) {
        attempts = endpoint.counter("attempts", new ConcurrentCounter());
        for (RetryCause cause : RetryCause.values()) {
            retries.put(
                    cause,
                    endpoint.addGroup("cause", cause.label())
                            .counter("retries", new ConcurrentCounter()));
        }
        functionErrors = endpoint.counter("functionErrors", new ConcurrentCounter());
        tokenFetches = endpoint.counter("idTokenFetches", new ConcurrentCounter());
    }

    @Override
    public void attempt() {
        attempts.inc();
    }

    @Override
    public void retry(RetryCause cause) {
        retries.get(cause).inc();
    }

    @Override
    public void functionError() {
        functionErrors.inc();
    }

    @Override
    public void tokenFetched() {
        tokenFetches.inc();
    }
}
