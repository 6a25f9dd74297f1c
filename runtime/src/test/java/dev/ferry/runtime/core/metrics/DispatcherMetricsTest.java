package dev.ferry.runtime.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.invokers.InvocationObserver;
import dev.ferry.invokers.InvocationObserver.RetryCause;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.dispatch.DispatchListener;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

/** Where the dispatcher's and the invokers' reports land in the metric groups. */
class DispatcherMetricsTest {
    private static final FunctionAddress COUNTER =
            new FunctionAddress(TypeName.parse("test/counter"), "7");

    private final MetricListener metrics = new MetricListener();
    private final DispatchListener listener =
            DispatcherMetrics.factory().create(metrics.getMetricGroup());

    private long count(String... path) {
        return metrics.getCounter(path).map(Counter::getCount).orElseThrow();
    }

    @Test
    void functionMetricsAreGroupedByType() {
        listener.messageIn(COUNTER);
        listener.messageIn(COUNTER);
        listener.localOut(COUNTER);
        listener.remoteOut(COUNTER);
        listener.sent(COUNTER, 3, 120);
        listener.replied(COUNTER, TimeUnit.MILLISECONDS.toNanos(15), 80);
        listener.failed(COUNTER, new IllegalStateException("boom"));
        listener.deadLettered(COUNTER, 3);

        assertThat(count("function", "test/counter", "in")).isEqualTo(2);
        assertThat(count("function", "test/counter", "outLocal")).isEqualTo(1);
        assertThat(count("function", "test/counter", "outRemote")).isEqualTo(1);
        assertThat(count("function", "test/counter", "remoteInvocations")).isEqualTo(1);
        assertThat(count("function", "test/counter", "requestBytes")).isEqualTo(120);
        assertThat(count("function", "test/counter", "replyBytes")).isEqualTo(80);
        assertThat(count("function", "test/counter", "remoteInvocationFailures")).isEqualTo(1);
        assertThat(count("function", "test/counter", "deadLetters")).isEqualTo(3);
        assertThat(
                        metrics.getHistogram("function", "test/counter", "batchSize")
                                .orElseThrow()
                                .getStatistics()
                                .getMax())
                .isEqualTo(3);
        assertThat(
                        metrics.getHistogram(
                                        "function", "test/counter", "remoteInvocationLatencyMs")
                                .orElseThrow()
                                .getStatistics()
                                .getMax())
                .isEqualTo(15);
    }

    @Test
    void egressTaskAndEndpointMetrics() {
        listener.egressOut(TypeName.parse("test/out"));
        listener.backlog(42);
        listener.inFlight(5);
        InvocationObserver endpoint = listener.endpoint("lambda ferry-counter");
        endpoint.attempt();
        endpoint.attempt();
        endpoint.retry(RetryCause.THROTTLED);
        endpoint.functionError();
        endpoint.tokenFetched();

        assertThat(count("egress", "test/out", "records")).isEqualTo(1);
        assertThat(metrics.<Long>getGauge("backlog").orElseThrow().getValue()).isEqualTo(42);
        assertThat(metrics.<Integer>getGauge("inFlightInvocations").orElseThrow().getValue())
                .isEqualTo(5);
        assertThat(count("endpoint", "lambda ferry-counter", "attempts")).isEqualTo(2);
        assertThat(count("endpoint", "lambda ferry-counter", "cause", "throttled", "retries"))
                .isEqualTo(1);
        assertThat(count("endpoint", "lambda ferry-counter", "cause", "server-error", "retries"))
                .isZero();
        assertThat(count("endpoint", "lambda ferry-counter", "functionErrors")).isEqualTo(1);
        assertThat(count("endpoint", "lambda ferry-counter", "idTokenFetches")).isEqualTo(1);
    }

    @Test
    void anAddressBatchIsOneInvocationOfItsEndpointAndOneSendPerAddress() {
        FunctionAddress other = new FunctionAddress(TypeName.parse("test/counter"), "8");
        InvocationObserver endpoint = listener.endpoint("knative http://fn/{function.name}");
        endpoint.attempt();
        listener.sent(COUNTER, 2, 100);
        listener.sent(other, 1, 60);
        listener.addressBatchSent("knative http://fn/{function.name}", 2, 3, 170);
        listener.addressResent(other);

        assertThat(count("endpoint", "knative http://fn/{function.name}", "attempts")).isEqualTo(1);
        assertThat(count("endpoint", "knative http://fn/{function.name}", "addressBatchRequests"))
                .isEqualTo(1);
        assertThat(
                        metrics.getHistogram(
                                        "endpoint",
                                        "knative http://fn/{function.name}",
                                        "addressesPerRequest")
                                .orElseThrow()
                                .getStatistics()
                                .getMax())
                .isEqualTo(2);
        assertThat(
                        metrics.getHistogram(
                                        "endpoint",
                                        "knative http://fn/{function.name}",
                                        "messagesPerRequest")
                                .orElseThrow()
                                .getStatistics()
                                .getMax())
                .isEqualTo(3);
        assertThat(count("function", "test/counter", "remoteInvocations")).isEqualTo(2);
        assertThat(count("function", "test/counter", "addressResends")).isEqualTo(1);
    }
}
