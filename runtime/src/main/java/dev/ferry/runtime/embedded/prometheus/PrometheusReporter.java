package dev.ferry.runtime.embedded.prometheus;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every Flink metric on {@code http://HOST:PORT/metrics} in Prometheus's text format, named
 * as Flink's own Prometheus reporter names them: {@code flink_} + the logical scope + the metric
 * name, with the scope's variables as labels (for Ferry's key-value groups: {@code function},
 * {@code endpoint}, {@code cause}, {@code egress}). The values are read when Prometheus scrapes.
 */
public final class PrometheusReporter implements MetricReporter, MultiCollector {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusReporter.class);

    private final Map<Metric, PrometheusSeries> series = new ConcurrentHashMap<>();
    private HTTPServer server;

    @Override
    public void open(MetricConfig config) {
        int port = config.getInteger("port", 9249);
        String host = config.getString("host", "127.0.0.1");
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(this);
        try {
            server =
                    HTTPServer.builder()
                            .hostname(host)
                            .port(port)
                            .registry(registry)
                            .buildAndStart();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve Prometheus metrics on " + host + ":" + port + ": " + e, e);
        }
        LOG.info("Prometheus metrics on http://{}:{}/metrics", host, server.getPort());
    }

    /** The port {@code /metrics} is served on. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        String scope =
                LogicalScopeProvider.castFrom(group)
                        .getLogicalScope(PrometheusSeries::sanitize, '_');
        Map<String, String> labels = new TreeMap<>();
        group.getAllVariables()
                .forEach(
                        (key, value) ->
                                labels.put(
                                        PrometheusSeries.sanitize(
                                                key.replace("<", "").replace(">", "")),
                                        value));
        String name = PrometheusSeries.sanitize("flink_" + scope + "_" + metricName);
        PrometheusSeries added = PrometheusSeries.of(name, labels, metric);
        if (added != null) {
            series.put(metric, added);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        series.remove(metric);
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, List<PrometheusSeries>> byName = new LinkedHashMap<>();
        for (PrometheusSeries one : series.values()) {
            byName.computeIfAbsent(one.name(), name -> new ArrayList<>()).add(one);
        }
        List<MetricSnapshot> snapshots = new ArrayList<>();
        byName.forEach(
                (name, family) -> {
                    MetricSnapshot snapshot = PrometheusSeries.snapshot(family);
                    if (snapshot != null) {
                        snapshots.add(snapshot);
                    }
                });
        return new MetricSnapshots(snapshots);
    }
}
