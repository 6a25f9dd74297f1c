package dev.ferry.runtime.core.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The address-batch requests of one endpoint in one task, in its group {@code endpoint=<name>}
 * (created when the first leaves, so endpoints without address batching show none): the invocations
 * themselves, while the function's {@code remoteInvocations} counts each address a request carries.
 */
final class AddressBatchMetrics {
    final Counter requests;
    final Histogram addresses;
    final Histogram messages;

    AddressBatchMetrics(MetricGroup endpoint) {
        requests = endpoint.counter("addressBatchRequests");
        addresses =
                endpoint.histogram(
                        "addressesPerRequest",
                        new DescriptiveStatisticsHistogram(FunctionMetrics.HISTOGRAM_WINDOW));
        messages =
                endpoint.histogram(
                        "messagesPerRequest",
                        new DescriptiveStatisticsHistogram(FunctionMetrics.HISTOGRAM_WINDOW));
    }
}
