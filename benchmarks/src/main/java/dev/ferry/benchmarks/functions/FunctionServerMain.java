package dev.ferry.benchmarks.functions;

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
 * {@code requests=<n> messages=<m>}. On start it prints {@code LISTENING <port>} on stdout; it
 * stops when stdin closes, so it never outlives the harness that started it.
 */
public final class FunctionServerMain {

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        RequestReplyHandler handler = BenchmarkFunctions.all().requestReplyHandler();
        LongAdder requests = new LongAdder();

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpServer server =
                vertx.createHttpServer(
                        new HttpServerOptions().setHost("127.0.0.1").setTcpNoDelay(true));
        server.requestHandler(request -> serve(request, handler, requests));
        int bound =
                server.listen(port).toCompletionStage().toCompletableFuture().get().actualPort();
        System.out.println("LISTENING " + bound);
        System.out.flush();

        // Stop when the parent goes away.
        while (System.in.read() >= 0) {
            // drain
        }
        server.close().toCompletionStage().toCompletableFuture().get();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private static void serve(
            HttpServerRequest request, RequestReplyHandler handler, LongAdder requests) {
        if (request.method() == HttpMethod.GET && request.path().equals("/stats")) {
            request.response()
                    .end(
                            "requests="
                                    + requests.sum()
                                    + " messages="
                                    + BenchmarkFunctions.messagesApplied());
            return;
        }
        request.body()
                .onSuccess(
                        body -> {
                            requests.increment();
                            try {
                                handler.handle(Slices.wrap(body.getBytes()))
                                        .whenComplete(
                                                (reply, error) -> respond(request, reply, error));
                            } catch (RuntimeException e) {
                                // A request must always be answered, or the caller waits for its
                                // timeout.
                                respond(request, null, e);
                            }
                        })
                .onFailure(error -> request.response().setStatusCode(400).end());
    }

    private static void respond(HttpServerRequest request, Slice reply, Throwable error) {
        if (error != null) {
            request.response().setStatusCode(500).end(String.valueOf(error.getMessage()));
            return;
        }
        request.response()
                .putHeader("Content-Type", "application/octet-stream")
                .end(Buffer.buffer(reply.toByteArray()));
    }
}
