package dev.ferry.runtime.embedded.prometheus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Makes the {@link PrometheusReporter}: {@code metrics.reporter.<name>.factory.class} names this
 * class, {@code metrics.reporter.<name>.port} the port of {@code /metrics} and {@code
 * metrics.reporter.<name>.host} the address it binds to ({@code 127.0.0.1} unless set).
 */
public final class PrometheusReporterFactory implements MetricReporterFactory {
    /** The reporter's name in the configuration keys. */
    public static final String NAME = "prom";

    /** The Flink settings that serve {@code /metrics} on 127.0.0.1:{@code port}. */
    public static Map<String, String> settings(int port) {
        Map<String, String> settings = new LinkedHashMap<>();
        String prefix = "metrics.reporter." + NAME + ".";
        settings.put(prefix + "factory.class", PrometheusReporterFactory.class.getName());
        settings.put(prefix + "port", Integer.toString(port));
        settings.put(prefix + "host", "127.0.0.1");
        return settings;
    }

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new PrometheusReporter();
    }
}
