package dev.ferry.runtime.embedded.prometheus;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;

/**
 * One Flink metric as a Prometheus series. As in Flink's own reporter, counters, gauges and meters
 * (their rate per second) are Prometheus gauges, a counter may go down, and histograms are
 * summaries with the quantiles 0.5, 0.75, 0.95, 0.98, 0.99 and 0.999.
 */
record PrometheusSeries(String name, Labels labels, Metric metric) {
    private static final Pattern INVALID = Pattern.compile("[^a-zA-Z0-9_:]");
    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

    static String sanitize(String name) {
        return INVALID.matcher(name).replaceAll("_");
    }

    /** The series of {@code metric}, or null for a kind Prometheus has no counterpart for. */
    static PrometheusSeries of(String name, Map<String, String> labels, Metric metric) {
        if (!(metric instanceof Counter
                || metric instanceof Gauge
                || metric instanceof Meter
                || metric instanceof Histogram)) {
            return null;
        }
        return new PrometheusSeries(
                name,
                Labels.of(new ArrayList<>(labels.keySet()), new ArrayList<>(labels.values())),
                metric);
    }

    /** The snapshot of a family of series of one name, or null when none has a number now. */
    static MetricSnapshot snapshot(List<PrometheusSeries> family) {
        // Labels are unique in a snapshot: a metric registered again replaces the older one.
        Map<Labels, PrometheusSeries> unique = new LinkedHashMap<>();
        family.forEach(one -> unique.put(one.labels(), one));
        String name = family.get(0).name();
        if (family.get(0).metric() instanceof Histogram) {
            SummarySnapshot.Builder summary = SummarySnapshot.builder().name(name);
            for (PrometheusSeries one : unique.values()) {
                if (one.metric() instanceof Histogram histogram) {
                    summary.dataPoint(summaryPoint(one.labels(), histogram));
                }
            }
            return summary.build();
        }
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name);
        boolean any = false;
        for (PrometheusSeries one : unique.values()) {
            Double value = value(one.metric());
            if (value != null) {
                gauge.dataPoint(
                        GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                .labels(one.labels())
                                .value(value)
                                .build());
                any = true;
            }
        }
        return any ? gauge.build() : null;
    }

    private static SummarySnapshot.SummaryDataPointSnapshot summaryPoint(
            Labels labels, Histogram histogram) {
        HistogramStatistics statistics = histogram.getStatistics();
        Quantiles.Builder quantiles = Quantiles.builder();
        for (double q : QUANTILES) {
            quantiles.quantile(new Quantile(q, statistics.getQuantile(q)));
        }
        return SummarySnapshot.SummaryDataPointSnapshot.builder()
                .labels(labels)
                .count(histogram.getCount())
                .quantiles(quantiles.build())
                .build();
    }

    private static Double value(Metric metric) {
        if (metric instanceof Counter counter) {
            return (double) counter.getCount();
        }
        if (metric instanceof Meter meter) {
            return meter.getRate();
        }
        if (metric instanceof Gauge<?> gauge) {
            Object value = gauge.getValue();
            if (value instanceof Number number) {
                return number.doubleValue();
            }
            if (value instanceof Boolean flag) {
                return flag ? 1.0 : 0.0;
            }
        }
        return null;
    }
}
