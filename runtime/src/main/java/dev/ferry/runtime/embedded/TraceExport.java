package dev.ferry.runtime.embedded;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns on the export of the invokers' spans for {@code ferry run}: when the standard {@code
 * OTEL_*} variables ask for traces, the OpenTelemetry SDK is configured from them (SDK
 * autoconfigure) and installed as the global OpenTelemetry, which the invokers use; otherwise
 * nothing is installed and tracing stays a no-op.
 *
 * <p>Ferry's defaults, each overridden by its variable: service name {@code ferry}, OTLP over
 * {@code http/protobuf} (the JDK's HTTP client sends; there is no gRPC sender on the class path),
 * and no metric or log export (Ferry's metrics go through Flink's metric system).
 */
public final class TraceExport {
    /** Any of these, set and not blank, asks for traces. */
    static final List<String> SWITCHES =
            List.of(
                    "OTEL_TRACES_EXPORTER",
                    "OTEL_EXPORTER_OTLP_ENDPOINT",
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                    "OTEL_SERVICE_NAME");

    private static final Map<String, String> DEFAULTS =
            Map.of(
                    "otel.service.name", "ferry",
                    "otel.exporter.otlp.protocol", "http/protobuf",
                    "otel.metrics.exporter", "none",
                    "otel.logs.exporter", "none");

    private TraceExport() {}

    /**
     * Whether {@code env} asks for traces: one of {@link #SWITCHES} is set, and neither {@code
     * OTEL_SDK_DISABLED=true} nor {@code OTEL_TRACES_EXPORTER=none} says otherwise.
     */
    public static boolean requested(Map<String, String> env) {
        if ("true".equalsIgnoreCase(trimmed(env.get("OTEL_SDK_DISABLED")))) {
            return false;
        }
        if ("none".equalsIgnoreCase(trimmed(env.get("OTEL_TRACES_EXPORTER")))) {
            return false;
        }
        return SWITCHES.stream().map(env::get).map(TraceExport::trimmed).anyMatch(v -> v != null);
    }

    /**
     * Installs the SDK configured from {@code env} (and, as autoconfigure does, from system
     * properties and the process environment, which take precedence) as the global OpenTelemetry
     * when {@link #requested}; returns it, or null when tracing stays off. The SDK flushes and
     * closes itself at JVM shutdown.
     *
     * @throws io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException naming the variable
     *     that holds an invalid value
     */
    public static OpenTelemetrySdk installIfRequested(Map<String, String> env) {
        if (!requested(env)) {
            return null;
        }
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> DEFAULTS)
                .addPropertiesSupplier(() -> asProperties(env))
                .setResultAsGlobal()
                .build()
                .getOpenTelemetrySdk();
    }

    /**
     * {@code OTEL_EXPORTER_OTLP_ENDPOINT} as autoconfigure's {@code otel.exporter.otlp.endpoint}.
     */
    private static Map<String, String> asProperties(Map<String, String> env) {
        Map<String, String> properties = new HashMap<>();
        env.forEach(
                (name, value) -> {
                    if (name.startsWith("OTEL_")) {
                        properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
                    }
                });
        return properties;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
