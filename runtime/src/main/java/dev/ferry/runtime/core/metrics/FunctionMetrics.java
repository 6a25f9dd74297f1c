package dev.ferry.runtime.core.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The metrics of one function type in one task, in the group {@code function=<namespace/name>}:
 * StateFun's set (messages in and their rate, local and remote out, remote invocation failures and
 * latency) and Ferry's (batch sizes, request and reply bytes, dead letters).
 */
final class FunctionMetrics {
    /** Samples a histogram keeps: enough for stable percentiles, little memory per function. */
    static final int HISTOGRAM_WINDOW = 1_000;

    final Counter in;
    final Counter outLocal;
    final Counter outRemote;
    final Counter invocations;
    final Counter invocationFailures;
    final Counter deadLetters;
    final Counter addressResends;
    final Counter requestBytes;
    final Counter replyBytes;
    final Histogram latencyMillis;
    final Histogram batchSize;

    FunctionMetrics(MetricGroup function) {
        in = function.counter("in");
        function.meter("inRate", new MeterView(in));
        outLocal = function.counter("outLocal");
        function.meter("outLocalRate", new MeterView(outLocal));
        outRemote = function.counter("outRemote");
        function.meter("outRemoteRate", new MeterView(outRemote));
        invocations = function.counter("remoteInvocations");
        invocationFailures = function.counter("remoteInvocationFailures");
        function.meter("remoteInvocationFailuresRate", new MeterView(invocationFailures));
        deadLetters = function.counter("deadLetters");
        addressResends = function.counter("addressResends");
        requestBytes = function.counter("requestBytes");
        replyBytes = function.counter("replyBytes");
        latencyMillis =
                function.histogram(
                        "remoteInvocationLatencyMs",
                        new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        batchSize =
                function.histogram(
                        "batchSize", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    }
}
