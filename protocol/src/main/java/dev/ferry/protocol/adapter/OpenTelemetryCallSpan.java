package dev.ferry.protocol.adapter;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The server span of one call of the function, child of the invoker's attempt span when the request
 * carries its W3C trace context, and current while the handler runs so that the function's own
 * spans nest under it. Loaded only through {@link CallTracing}, when the API is present.
 */
final class OpenTelemetryCallSpan {
    /** The instrumentation scope of the adapters' spans. */
    static final String SCOPE = "dev.ferry.adapter";

    private static final TextMapGetter<Function<String, String>> GETTER =
            new TextMapGetter<>() {
                @Override
                public Iterable<String> keys(Function<String, String> carrier) {
                    return List.of("traceparent", "tracestate");
                }

                @Override
                public String get(Function<String, String> carrier, String key) {
                    return carrier == null ? null : carrier.apply(key);
                }
            };

    private OpenTelemetryCallSpan() {}

    static CompletableFuture<byte[]> around(
            Function<String, String> traceContext,
            int requestBytes,
            Supplier<CompletableFuture<byte[]>> call) {
        if (!GlobalOpenTelemetry.isSet()) {
            return call.get();
        }
        Context parent =
                W3CTraceContextPropagator.getInstance()
                        .extract(Context.root(), traceContext, GETTER);
        Span span =
                GlobalOpenTelemetry.getTracer(SCOPE)
                        .spanBuilder("handle")
                        .setParent(parent)
                        .setSpanKind(SpanKind.SERVER)
                        .setAttribute("ferry.request.bytes", requestBytes)
                        .startSpan();
        CompletableFuture<byte[]> reply;
        try (Scope ignored = span.makeCurrent()) {
            reply = call.get();
        }
        return reply.whenComplete(
                (bytes, failure) -> {
                    if (failure == null) {
                        span.setAttribute("ferry.reply.bytes", bytes.length);
                    } else {
                        ProtocolError error = ProtocolExchange.toError(failure);
                        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
                        span.setAttribute("http.response.status_code", error.status());
                    }
                    span.end();
                });
    }
}
