package dev.ferry.runtime.core.io;

import dev.ferry.protocol.TypeName;
import java.util.function.IntSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The metrics of an HTTP ingress (Ferry's durable {@code ferry.io.v1/http} and StateFun's
 * playground ingress), in the group {@code ingress=<id>} of its source, as the Kafka and Kinesis
 * ingresses have theirs under their routers. Requests are counted by how they were answered, so a
 * user sees at once whether clients are being refused (a wrong path or token) or turned away while
 * the job is behind ({@code 503}).
 *
 * <p>Each ingress answers on a single event-loop thread and emits on its source thread, so every
 * metric has one writer.
 */
public final class HttpIngressMetrics {
    /** Recent acknowledgements a latency histogram keeps. */
    private static final int HISTOGRAM_WINDOW = 1024;

    private final Counter records;
    private final Counter accepted;
    private final Counter refused;
    private final Counter busy;
    private final Histogram answerLatencyMillis;

    private HttpIngressMetrics(MetricGroup ingress) {
        records = ingress.counter("records");
        accepted = ingress.counter("acceptedRequests");
        refused = ingress.counter("refusedRequests");
        busy = ingress.counter("busyRequests");
        answerLatencyMillis =
                ingress.histogram(
                        "answerLatencyMs", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    }

    /**
     * Registers the metrics of {@code ingress} under its source operator's group.
     *
     * @param waiting requests accepted but not yet answered (durable) or queued for the job
     */
    public static HttpIngressMetrics register(
            MetricGroup source, TypeName ingress, IntSupplier waiting) {
        MetricGroup group = source.addGroup("ingress", ingress.asString());
        group.gauge("waitingRequests", waiting::getAsInt);
        return new HttpIngressMetrics(group);
    }

    /** The source sent {@code messages} messages of a request into the job. */
    public void emitted(int messages) {
        records.inc(messages);
    }

    /**
     * A request was answered {@code status}; {@code millis} after it arrived.
     *
     * <p>2xx counts as accepted, with its latency (for the durable ingress the wait for the
     * checkpoint that holds the request), 503 as busy, any other status as refused.
     */
    public void answered(int status, long millis) {
        if (status >= 200 && status < 300) {
            accepted.inc();
            answerLatencyMillis.update(millis);
        } else if (status == 503) {
            busy.inc();
        } else {
            refused.inc();
        }
    }

    /** Metrics that count nothing, for servers run outside a job (tests). */
    public static HttpIngressMetrics unregistered() {
        return new HttpIngressMetrics(new UnregisteredMetricsGroup());
    }
}
