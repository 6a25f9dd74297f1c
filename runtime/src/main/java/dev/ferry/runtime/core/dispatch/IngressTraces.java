package dev.ferry.runtime.core.dispatch;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.runtime.core.message.Envelope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The trace contexts that messages from an ingress record carry ({@link Envelope#traceParent()}),
 * made current while their invocation starts, so the invoker's invocation span is a child of the
 * producer's span. A batch continues the trace of its first traced message; the others' traces are
 * not linked. A batch sent again with the states the function asked for stays in its trace. While a
 * message waits or its batch is in flight its context is kept here, in memory only: an invocation
 * sent again after a restore starts a trace of its own. Without trace contexts nothing is kept and
 * nothing is made current.
 */
final class IngressTraces {
    private static final TextMapGetter<Envelope> W3C_HEADERS =
            new TextMapGetter<>() {
                @Override
                public Iterable<String> keys(Envelope envelope) {
                    return List.of("traceparent", "tracestate");
                }

                @Override
                @Nullable
                public String get(@Nullable Envelope envelope, String key) {
                    if (envelope == null) {
                        return null;
                    }
                    return switch (key) {
                        case "traceparent" -> envelope.traceParent();
                        case "tracestate" -> envelope.traceState();
                        default -> null;
                    };
                }
            };

    /** The contexts of messages waiting behind a batch in flight, by address: the first one's. */
    private final Map<FunctionAddress, Context> waiting = new HashMap<>();

    /** The contexts of batches in flight, for sending one again (with the states it lacked). */
    private final Map<FunctionAddress, Context> inFlight = new HashMap<>();

    /** Makes the context of {@code envelope}, sent alone now, current, and keeps it in flight. */
    Scope send(Envelope envelope) {
        return sendWith(envelope.target(), contextOf(envelope));
    }

    /**
     * Keeps the context of {@code envelope}, queued for its address, unless one is kept already.
     */
    void waitWith(Envelope envelope) {
        Context context = contextOf(envelope);
        if (context != null) {
            waiting.putIfAbsent(envelope.target(), context);
        }
    }

    /** Makes the context of the messages waiting for {@code address} current, now sent. */
    Scope sendWaiting(FunctionAddress address) {
        return sendWith(address, waiting.isEmpty() ? null : waiting.remove(address));
    }

    /** Makes the context of the batch in flight for {@code address} current, to send it again. */
    Scope resend(FunctionAddress address) {
        return resume(inFlight.isEmpty() ? null : inFlight.get(address));
    }

    /** The batch in flight for {@code address} is done. */
    void done(FunctionAddress address) {
        if (!inFlight.isEmpty()) {
            inFlight.remove(address);
        }
    }

    private Scope sendWith(FunctionAddress address, @Nullable Context context) {
        if (context == null) {
            done(address);
            return Scope.noop();
        }
        inFlight.put(address, context);
        return context.makeCurrent();
    }

    private static Scope resume(@Nullable Context context) {
        return context == null ? Scope.noop() : context.makeCurrent();
    }

    @Nullable
    private static Context contextOf(Envelope envelope) {
        if (envelope.traceParent() == null) {
            return null;
        }
        Context context =
                W3CTraceContextPropagator.getInstance()
                        .extract(Context.root(), envelope, W3C_HEADERS);
        // A malformed header yields no valid parent: the invocation then starts a trace of its own.
        return Span.fromContext(context).getSpanContext().isValid() ? context : null;
    }
}
