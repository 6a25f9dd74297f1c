package dev.ferry.adapters.knative.internal;

import dev.ferry.protocol.adapter.ProtocolAnswer;
import dev.ferry.protocol.adapter.ProtocolError;
import dev.ferry.protocol.adapter.ProtocolExchange;
import dev.ferry.protocol.adapter.RequestBody;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Maps Vert.x requests onto the {@link ProtocolExchange}: the protocol on POST, readiness on {@code
 * GET /ready}, liveness on {@code GET /healthz} (both open without a token). Adds what only a
 * server has: a path, the concurrency bound and the drain.
 */
public final class ProtocolRequestHandler implements Handler<HttpServerRequest> {
    public static final String READY_PATH = "/ready";
    public static final String LIVE_PATH = "/healthz";

    private final ProtocolExchange exchange;
    private final String path;
    private final boolean blocking;
    private final ConcurrencyLimit limit;
    private final InFlightRequests inFlight;
    private final BooleanSupplier draining;
    private final Vertx vertx;

    public ProtocolRequestHandler(
            ProtocolExchange exchange,
            String path,
            boolean blocking,
            ConcurrencyLimit limit,
            InFlightRequests inFlight,
            BooleanSupplier draining,
            Vertx vertx) {
        this.exchange = exchange;
        this.path = path;
        this.blocking = blocking;
        this.limit = limit;
        this.inFlight = inFlight;
        this.draining = draining;
        this.vertx = vertx;
    }

    @Override
    public void handle(HttpServerRequest request) {
        String requestPath = request.path();
        if (READY_PATH.equals(requestPath) || LIVE_PATH.equals(requestPath)) {
            Probes.answer(request, READY_PATH.equals(requestPath), draining.getAsBoolean());
            return;
        }
        RequestBody body;
        try {
            if (path != null && !path.equals(requestPath)) {
                throw ProtocolError.notFound(requestPath, path);
            }
            body = exchange.begin(request.method().name(), request::getHeader);
            if (draining.getAsBoolean()) {
                throw ProtocolError.unavailable("shutting down");
            }
            if (!limit.tryAcquire()) {
                throw ProtocolError.unavailable(
                        "busy: " + limit.limit() + " requests already running");
            }
        } catch (ProtocolError e) {
            Responses.closeAfterwards(request, e.status() == 413 || draining.getAsBoolean());
            Responses.write(request, e.answer());
            return;
        }
        inFlight.enter();
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // Asked only now, after every check a refusal could come from (curl asks for bodies
            // over 1 KiB and otherwise waits a second before sending it).
            request.response().writeContinue();
        }
        new Exchange(request, body).start();
    }

    /**
     * One protocol request from body to reply; releases its slot exactly once: when the function
     * has answered (even to a client that left), or when the request ends before the function was
     * called. A running function keeps its slot, so the bound and the drain count real work.
     */
    private final class Exchange {
        private final HttpServerRequest request;
        private final Context context = Vertx.currentContext();
        private final AtomicBoolean finished = new AtomicBoolean();
        private RequestBody body;
        private boolean invoked;

        Exchange(HttpServerRequest request, RequestBody body) {
            this.request = request;
            this.body = body;
        }

        void start() {
            request.handler(this::receive);
            request.exceptionHandler(error -> finishUnlessInvoked());
            request.response().closeHandler(v -> finishUnlessInvoked());
            request.endHandler(
                    v -> {
                        if (body != null) {
                            invoked = true;
                            RequestBody received = body;
                            body = null;
                            invoke(received);
                        }
                    });
        }

        private void receive(Buffer chunk) {
            if (body == null) {
                return; // refused already; the rest of the body is dropped
            }
            try {
                body.append(chunk.getBytes());
            } catch (ProtocolError e) {
                body = null;
                Responses.closeAfterwards(request, true);
                Responses.write(request, e.answer());
                finish();
            }
        }

        private void invoke(RequestBody received) {
            if (blocking) {
                vertx.executeBlocking(() -> exchange.reply(received, request::getHeader), false)
                        .onComplete(
                                result -> {
                                    if (result.failed()) {
                                        reply(null, result.cause());
                                    } else {
                                        result.result().whenComplete(this::reply);
                                    }
                                });
            } else {
                exchange.reply(received, request::getHeader).whenComplete(this::reply);
            }
        }

        private void reply(ProtocolAnswer reply, Throwable failure) {
            if (context != null && Vertx.currentContext() != context) {
                context.runOnContext(v -> reply(reply, failure));
                return;
            }
            try {
                Responses.closeAfterwards(request, draining.getAsBoolean());
                Responses.write(
                        request, failure == null ? reply : ProtocolExchange.answer(failure));
            } finally {
                finish();
            }
        }

        private void finishUnlessInvoked() {
            if (!invoked) {
                finish();
            }
        }

        private void finish() {
            if (finished.compareAndSet(false, true)) {
                limit.release();
                inFlight.exit();
            }
        }
    }
}
