package dev.ferry.runtime.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Flink settings of {@code ferry run --metrics-port}: Flink's own Prometheus reporter (from
 * {@code flink-metrics-prometheus}), so the names and labels are those a cluster with the same
 * reporter serves. Flink's reporter has no address setting: it listens on every interface.
 */
public final class PrometheusSettings {
    /** The reporter's name in the configuration keys {@code metrics.reporter.<name>.*}. */
    public static final String REPORTER = "prom";

    /** Flink's factory of the reporter that serves {@code /metrics}. */
    public static final String FACTORY =
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

    private PrometheusSettings() {}

    /** The Flink settings that serve {@code /metrics} on {@code port}. */
    public static Map<String, String> of(int port) {
        Map<String, String> settings = new LinkedHashMap<>();
        String prefix = "metrics.reporter." + REPORTER + ".";
        settings.put(prefix + "factory.class", FACTORY);
        settings.put(prefix + "port", Integer.toString(port));
        return settings;
    }
}
