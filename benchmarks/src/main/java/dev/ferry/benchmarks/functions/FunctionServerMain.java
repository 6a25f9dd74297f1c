package dev.ferry.benchmarks.functions;

import dev.ferry.adapters.knative.KnativeFunctionServer;
import dev.ferry.protocol.MediaTypes;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.statefun.sdk.java.handler.RequestReplyHandler;
import org.apache.flink.statefun.sdk.java.slice.Slice;
import org.apache.flink.statefun.sdk.java.slice.Slices;

/**
 * Serves the benchmark functions over HTTP in their own JVM, as a function platform would, so the
 * benchmark measures Ferry across a real process boundary.
 *
 * <p>{@code POST /} (any path) runs the StateFun request-reply protocol; {@code GET /stats} answers
 * {@code requests=<n> messages=<m> nanos=<t>} (t: time spent in the SDK's handler, the duration a
 * function platform would bill) and the soak's faults served ({@code served.<fault>=<n>}); {@code
 * POST /faults/<fault>?count=<n>} queues a fault ({@link SoakFault}) for each of the next n
 * function requests. On start it prints {@code LISTENING <port>} on stdout; it stops when stdin
 * closes, so it never outlives the harness that started it.
 *
 * <p>With a second argument {@code knative} the functions are served instead by Ferry's Knative
 * adapter server ({@link KnativeFunctionServer}, which understands address batches) on a port of
 * its own, printed after the first: {@code LISTENING <port> <functions port>}; {@code requests}
 * then counts the adapter server's requests, an address batch as one.
 */
public final class FunctionServerMain {
    /** How long a request answered with {@link SoakFault#FUNCTION_TIMEOUT} is held, then closed. */
    private static final long HELD_MILLIS = 10_000;

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        boolean knative = args.length > 1 && args[1].equals("knative");
        RequestReplyHandler handler = BenchmarkFunctions.all().requestReplyHandler();
        LongAdder requests = new LongAdder();
        LongAdder handlingNanos = new LongAdder();
        FaultQueue faults = new FaultQueue();
        KnativeFunctionServer adapter =
                knative
                        ? KnativeFunctionServer.builder(
                                        StatefulFunctionsHandler.of(BenchmarkFunctions.all()))
                                .host("127.0.0.1")
                                .port(0)
                                .start()
                        : null;

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpServer server =
                vertx.createHttpServer(
                        new HttpServerOptions().setHost("127.0.0.1").setTcpNoDelay(true));
        server.requestHandler(
                request -> {
                    if (adapter != null && !request.path().startsWith("/stats")) {
                        request.response().setStatusCode(404).end("functions are on the adapter");
                    } else if (adapter != null) {
                        request.response()
                                .end(
                                        "requests="
                                                + adapter.requestsTaken()
                                                + " messages="
                                                + BenchmarkFunctions.messagesApplied());
                    } else {
                        serve(vertx, request, handler, requests, handlingNanos, faults);
                    }
                });
        int bound =
                server.listen(port).toCompletionStage().toCompletableFuture().get().actualPort();
        System.out.println("LISTENING " + bound + (adapter == null ? "" : " " + adapter.port()));
        System.out.flush();

        // Stop when the parent goes away.
        while (System.in.read() >= 0) {
            // drain
        }
        if (adapter != null) {
            adapter.close();
        }
        server.close().toCompletionStage().toCompletableFuture().get();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private static void serve(
            Vertx vertx,
            HttpServerRequest request,
            RequestReplyHandler handler,
            LongAdder requests,
            LongAdder handlingNanos,
            FaultQueue faults) {
        if (request.method() == HttpMethod.GET && request.path().equals("/stats")) {
            request.response()
                    .end(
                            "requests="
                                    + requests.sum()
                                    + " messages="
                                    + BenchmarkFunctions.messagesApplied()
                                    + " nanos="
                                    + handlingNanos.sum()
                                    + faults.describe());
            return;
        }
        if (request.path().startsWith("/faults/")) {
            try {
                SoakFault fault = SoakFault.ofLabel(request.path().substring("/faults/".length()));
                String count = request.getParam("count");
                faults.enqueue(fault, count == null ? 1 : Integer.parseInt(count));
                request.response().end("queued");
            } catch (IllegalArgumentException e) {
                request.response().setStatusCode(400).end(e.getMessage());
            }
            return;
        }
        request.body()
                .onSuccess(
                        body -> {
                            requests.increment();
                            FaultQueue.Served fault = faults.next();
                            if (fault != null) {
                                answerWithFault(vertx, request, fault);
                                return;
                            }
                            long start = System.nanoTime();
                            try {
                                handler.handle(Slices.wrap(body.getBytes()))
                                        .whenComplete(
                                                (reply, error) -> {
                                                    handlingNanos.add(System.nanoTime() - start);
                                                    respond(request, reply, error);
                                                });
                            } catch (RuntimeException e) {
                                // A request must always be answered, or the caller waits for its
                                // timeout.
                                respond(request, null, e);
                            }
                        })
                .onFailure(error -> request.response().setStatusCode(400).end());
    }

    private static void answerWithFault(
            Vertx vertx, HttpServerRequest request, FaultQueue.Served served) {
        String what = "soak: injected " + served.fault().label + " #" + served.number();
        switch (served.fault()) {
            case FUNCTION_5XX -> request.response().setStatusCode(500).end(what);
            case THROTTLE_429 ->
                    request.response().setStatusCode(429).putHeader("Retry-After", "1").end(what);
            case TASK_EXCEPTION -> request.response().setStatusCode(400).end(what);
            case FUNCTION_TIMEOUT ->
                    // Held past the caller's attempt timeout, then dropped.
                    vertx.setTimer(HELD_MILLIS, timer -> request.connection().close());
            default -> throw new IllegalStateException("not a function fault: " + served.fault());
        }
    }

    private static void respond(HttpServerRequest request, Slice reply, Throwable error) {
        if (error != null) {
            request.response().setStatusCode(500).end(String.valueOf(error.getMessage()));
            return;
        }
        request.response()
                .putHeader("Content-Type", MediaTypes.OCTET_STREAM)
                .end(Buffer.buffer(reply.toByteArray()));
    }
}
