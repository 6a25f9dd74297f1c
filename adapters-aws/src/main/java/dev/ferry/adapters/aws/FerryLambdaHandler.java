package dev.ferry.adapters.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.ferry.protocol.MediaTypes;
import dev.ferry.protocol.PayloadLimits;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.adapter.ProtocolAnswer;
import dev.ferry.protocol.adapter.ProtocolError;
import dev.ferry.protocol.adapter.ProtocolExchange;
import dev.ferry.protocol.adapter.RequestBody;
import dev.ferry.protocol.envelope.EnvelopeException;
import dev.ferry.protocol.envelope.HttpRequestEvent;
import dev.ferry.protocol.envelope.LambdaHttpEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.crac.Core;
import org.crac.Resource;

/**
 * The Lambda entry point of a Ferry function: a {@link RequestStreamHandler} that unwraps the
 * invocation event, runs a {@link RemoteHandler} on the serialized request and answers with the
 * serialized reply in the same event shape.
 *
 * <p>Accepted events: the direct-invoke event Ferry's runtime sends and the events of a Lambda
 * function URL or an API Gateway HTTP API (payload format 2.0) or REST API (1.0), body in base64 or
 * not; the answer is a response event with {@code Content-Type: application/octet-stream} and a
 * base64 body. A failed function makes the invocation a Lambda error (the exception's type and
 * message become the error's), never a successful answer with an error inside. Requests are taken
 * and refused by the rules every adapter shares ({@link ProtocolExchange}): an event that is not a
 * POST with a body is answered with status 400 or 405, another content type than {@code
 * application/octet-stream} (none is fine) with 415, a body over the limit (by default Lambda's own
 * 6 MB, {@value PayloadLimits#LAMBDA_MAX_PAYLOAD_BYTES} bytes) with 413, a request that is not a
 * {@code ToFunction} with 400.
 *
 * <p>Extend it and pass the handler to the constructor, which Lambda runs once per execution
 * environment, at init:
 *
 * <pre>{@code
 * public final class Functions extends FerryLambdaHandler {
 *     public Functions() {
 *         super(StatefulFunctionsHandler.of(MyModule.functions()));
 *     }
 * }
 * }</pre>
 *
 * and deploy with the handler {@code com.example.Functions::handleRequest}.
 *
 * <p>SnapStart: the handler is built at init; {@link #prime()} runs before the snapshot is taken
 * (override it to warm up your own code paths) and {@link #afterRestore()} after each restore
 * (override it to re-create network clients, caches keyed on time, random seeds). Both are CRaC
 * {@code Resource} callbacks, registered by the constructor; on a JVM without checkpoint/restore
 * they are never called.
 */
public abstract class FerryLambdaHandler implements RequestStreamHandler {
    /** Left to write the answer when the function's time is nearly up. */
    private static final long MARGIN_MILLIS = 200;

    private final ProtocolExchange exchange;
    private final RemoteHandler handler;

    /** Keeps the CRaC registration alive: the global context holds resources weakly. */
    private final Resource snapStartHooks;

    /**
     * Serves {@code handler} with Lambda's request limit, {@value
     * PayloadLimits#LAMBDA_MAX_PAYLOAD_BYTES}.
     */
    protected FerryLambdaHandler(RemoteHandler handler) {
        this(handler, PayloadLimits.LAMBDA_MAX_PAYLOAD_BYTES);
    }

    /**
     * @param maxRequestBytes the largest request body accepted (answered 413 above it, before it is
     *     parsed)
     */
    protected FerryLambdaHandler(RemoteHandler handler, long maxRequestBytes) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.exchange = new ProtocolExchange(handler, maxRequestBytes, null);
        this.snapStartHooks =
                new Resource() {
                    @Override
                    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
                        primeEnvelope();
                        prime();
                    }

                    @Override
                    public void afterRestore(org.crac.Context<? extends Resource> context) {
                        FerryLambdaHandler.this.afterRestore();
                    }
                };
        Core.getGlobalContext().register(snapStartHooks);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context)
            throws IOException {
        ProtocolAnswer answer;
        try {
            HttpRequestEvent request = LambdaHttpEvents.decodeRequest(input.readAllBytes());
            RequestBody body = exchange.begin(request.method(), request::header);
            body.append(request.body());
            answer = run(body, context);
        } catch (EnvelopeException e) {
            answer =
                    ProtocolError.badRequest("not a Ferry invocation event: " + e.getMessage())
                            .answer();
        } catch (ProtocolError e) {
            answer = e.answer();
        }
        output.write(
                LambdaHttpEvents.encodeResponse(
                        answer.status(), answer.contentType(), answer.body()));
    }

    /**
     * The W3C trace context fields the invoker put in the invocation's client context, where Lambda
     * hands them over: its {@code custom} map.
     */
    private static Function<String, String> traceContext(Context context) {
        if (context == null
                || context.getClientContext() == null
                || context.getClientContext().getCustom() == null) {
            return field -> null;
        }
        Map<String, String> custom = context.getClientContext().getCustom();
        return custom::get;
    }

    /** The reply; a refused request is a {@link ProtocolError}, a failed function thrown. */
    private ProtocolAnswer run(RequestBody body, Context context) {
        long waitMillis =
                context == null
                        ? Long.MAX_VALUE
                        : Math.max(1, context.getRemainingTimeInMillis() - MARGIN_MILLIS);
        try {
            return exchange.reply(body, traceContext(context))
                    .get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            ProtocolError error = ProtocolExchange.toError(e);
            throw error.isServerError() && error.getCause() != null
                    ? asFailure(error.getCause())
                    : error;
        } catch (TimeoutException e) {
            throw new FunctionFailedException(
                    "the function did not complete within the invocation's time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionFailedException("interrupted while the function ran", e);
        }
    }

    /** The failure Lambda reports: the function's own unchecked exception, or a wrapper. */
    private static RuntimeException asFailure(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new FunctionFailedException(cause.toString(), cause);
    }

    /** Loads the event codec's classes so that the first invocation after a restore is fast. */
    private static void primeEnvelope() {
        byte[] event = LambdaHttpEvents.encodeRequest("/", new byte[] {0});
        LambdaHttpEvents.decodeRequest(event);
        LambdaHttpEvents.decodeResponse(
                LambdaHttpEvents.encodeResponse(200, MediaTypes.OCTET_STREAM, new byte[1]));
    }

    /**
     * Runs before a SnapStart snapshot is taken, after the handler is built. The default does
     * nothing; override it to exercise code paths (serializers, the functions themselves with a
     * sample request through {@link #handler()}) so that their classes are loaded and compiled in
     * the snapshot.
     */
    protected void prime() {}

    /**
     * Runs after the execution environment is restored from a SnapStart snapshot. The default does
     * nothing; override it to re-create what must not be shared between restored copies: network
     * connections, clients holding credentials, random seeds, unique ids.
     */
    protected void afterRestore() {}

    /** The CRaC resource that calls {@link #prime()} and {@link #afterRestore()} (for tests). */
    final Resource snapStartHooks() {
        return snapStartHooks;
    }

    /** The handler this entry point runs (for {@link #prime()}). */
    protected final RemoteHandler handler() {
        return handler;
    }

    /** A function failure that is not an unchecked exception of its own. */
    public static final class FunctionFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public FunctionFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
