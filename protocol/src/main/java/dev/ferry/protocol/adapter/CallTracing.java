package dev.ferry.protocol.adapter;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Whether an adapter traces its calls: only when the function has the OpenTelemetry API on its
 * class path. This class refers to no OpenTelemetry type, so a function without it loads nothing of
 * OpenTelemetry; {@link OpenTelemetryCallSpan} is loaded only once the API is known to be there,
 * and it traces only when an SDK is installed as the global OpenTelemetry.
 */
final class CallTracing {
    private static final boolean API_PRESENT = apiPresent();

    private CallTracing() {}

    /**
     * Runs {@code call}, in a span continuing the W3C trace context that {@code traceContext} gives
     * by field name ({@code traceparent}, {@code tracestate}) when tracing is on.
     */
    static CompletableFuture<byte[]> around(
            Function<String, String> traceContext,
            int requestBytes,
            Supplier<CompletableFuture<byte[]>> call) {
        if (!API_PRESENT) {
            return call.get();
        }
        return OpenTelemetryCallSpan.around(traceContext, requestBytes, call);
    }

    private static boolean apiPresent() {
        try {
            Class.forName(
                    "io.opentelemetry.api.GlobalOpenTelemetry",
                    false,
                    CallTracing.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
