package dev.ferry.invokers.internal;

import dev.ferry.protocol.FunctionAddress;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The OpenTelemetry spans of one invocation: an invocation span, child of the context current when
 * the invocation starts, with one client span per attempt under it, and the W3C trace context that
 * carries each attempt's span to the function.
 *
 * <p>Invokers depend on the OpenTelemetry API alone. Unless something (the runtime) installed an
 * SDK as the global OpenTelemetry before the invoker was created, {@link #start} returns a trace
 * that does nothing: no span, no header, no lock.
 */
public final class InvocationTrace {
    /** The instrumentation scope of the attempt spans. */
    public static final String SCOPE = "dev.ferry.invokers";

    /** The invoked function's type, {@code namespace/name}. */
    public static final String FUNCTION_TYPE = "ferry.function.type";

    /** The invoked address's id. */
    public static final String FUNCTION_ID = "ferry.function.id";

    /** Where the request goes: a URL or a Lambda function name. */
    public static final String ENDPOINT = "ferry.endpoint";

    /** The number of messages in the request's batch. */
    public static final String BATCH_SIZE = "ferry.batch.size";

    /** 1 for the first attempt of an invocation, 2 for its first retry, and so on. */
    public static final String ATTEMPT = "ferry.attempt";

    /** On the invocation span: how many attempts it took. */
    public static final String ATTEMPTS = "ferry.attempts";

    /** The class of the exception that failed an attempt or the invocation. */
    public static final String ERROR_TYPE = "error.type";

    /** The size of the serialized request ({@code ToFunction}). */
    public static final String REQUEST_BYTES = "ferry.request.bytes";

    /** The size of the serialized reply ({@code FromFunction}), when the attempt succeeded. */
    public static final String REPLY_BYTES = "ferry.reply.bytes";

    /** The HTTP status the function (or Lambda's reply event) answered, when it answered. */
    public static final String HTTP_STATUS = "http.response.status_code";

    private static final InvocationTrace OFF = new InvocationTrace(null, null, null, 0, 0);

    private final Tracer tracer;
    private final String endpoint;
    private final FunctionAddress target;
    private final int batchSize;
    private final long requestBytes;
    private final Span invocation;
    private final Context parent;
    private final AtomicInteger attempts = new AtomicInteger();

    private InvocationTrace(
            Tracer tracer,
            String endpoint,
            FunctionAddress target,
            int batchSize,
            long requestBytes) {
        this.tracer = tracer;
        this.endpoint = endpoint;
        this.target = target;
        this.batchSize = batchSize;
        this.requestBytes = requestBytes;
        if (tracer == null) {
            this.invocation = null;
            this.parent = null;
        } else {
            this.invocation =
                    tracer.spanBuilder("invoke " + target.type().asString())
                            .setSpanKind(SpanKind.INTERNAL)
                            .setAttribute(FUNCTION_TYPE, target.type().asString())
                            .setAttribute(FUNCTION_ID, target.id())
                            .setAttribute(ENDPOINT, endpoint)
                            .setAttribute(BATCH_SIZE, batchSize)
                            .setAttribute(REQUEST_BYTES, requestBytes)
                            .startSpan();
            // Retries run on other threads: each attempt names its parent explicitly.
            this.parent = Context.current().with(invocation);
        }
    }

    /**
     * The tracer of the installed OpenTelemetry SDK, or null when none is installed. Invokers ask
     * once, when they are created (after {@code ferry run} or an agent installed the SDK): the
     * check takes a lock, which the path of every invocation should not.
     */
    public static Tracer tracerIfInstalled() {
        return GlobalOpenTelemetry.isSet() ? GlobalOpenTelemetry.getTracer(SCOPE) : null;
    }

    /**
     * The trace of one invocation of {@code target}, or one that does nothing when {@code tracer}
     * is null.
     */
    public static InvocationTrace start(
            Tracer tracer,
            String endpoint,
            FunctionAddress target,
            int batchSize,
            long requestBytes) {
        if (tracer == null) {
            return OFF;
        }
        return new InvocationTrace(tracer, endpoint, target, batchSize, requestBytes);
    }

    /**
     * Ends the invocation span when {@code result} completes: after the last attempt, with the
     * number of attempts and the final failure, if any.
     */
    public <T> CompletableFuture<T> record(CompletableFuture<T> result) {
        if (invocation == null) {
            return result;
        }
        return result.whenComplete(
                (value, failure) -> {
                    invocation.setAttribute(ATTEMPTS, attempts.get());
                    if (failure != null) {
                        Throwable cause = Attempt.unwrap(failure);
                        invocation.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
                        invocation.setAttribute(ERROR_TYPE, cause.getClass().getName());
                    }
                    invocation.end();
                });
    }

    /** Starts the span of the next attempt. */
    public Attempt attempt() {
        if (tracer == null) {
            return Attempt.OFF;
        }
        Span span =
                tracer.spanBuilder("attempt " + target.type().asString())
                        .setParent(parent)
                        .setSpanKind(SpanKind.CLIENT)
                        .setAttribute(FUNCTION_TYPE, target.type().asString())
                        .setAttribute(FUNCTION_ID, target.id())
                        .setAttribute(ENDPOINT, endpoint)
                        .setAttribute(BATCH_SIZE, batchSize)
                        .setAttribute(ATTEMPT, attempts.incrementAndGet())
                        .setAttribute(REQUEST_BYTES, requestBytes)
                        .startSpan();
        return new Attempt(span);
    }

    /** The span of one attempt: its trace context for the request, and its outcome. */
    public static final class Attempt {
        static final Attempt OFF = new Attempt(null);

        private final Span span;

        private Attempt(Span span) {
            this.span = span;
        }

        /**
         * Passes the W3C trace context ({@code traceparent}, and {@code tracestate} when there is
         * one) of this attempt's span to {@code header}; nothing when tracing is off.
         */
        public void inject(BiConsumer<String, String> header) {
            if (span == null) {
                return;
            }
            W3CTraceContextPropagator.getInstance()
                    .inject(
                            Context.root().with(span),
                            header,
                            (carrier, key, value) -> carrier.accept(key, value));
        }

        /** Records the HTTP status the attempt was answered with. */
        public void status(int status) {
            if (span != null) {
                span.setAttribute(HTTP_STATUS, status);
            }
        }

        /** Ends the span when {@code reply} completes, with its size or its failure. */
        public <T extends com.google.protobuf.MessageLite> CompletionStage<T> record(
                CompletionStage<T> reply) {
            if (span == null) {
                return reply;
            }
            return reply.whenComplete(
                    (value, failure) -> {
                        if (failure == null) {
                            span.setAttribute(REPLY_BYTES, value.getSerializedSize());
                        } else {
                            Throwable cause = unwrap(failure);
                            if (cause instanceof AttemptFailure attempt && attempt.status() > 0) {
                                span.setAttribute(HTTP_STATUS, attempt.status());
                            }
                            span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
                            span.setAttribute(ERROR_TYPE, cause.getClass().getName());
                        }
                        span.end();
                    });
        }

        static Throwable unwrap(Throwable failure) {
            Throwable current = failure;
            while ((current instanceof CompletionException || current instanceof ExecutionException)
                    && current.getCause() != null) {
                current = current.getCause();
            }
            return current;
        }
    }
}
