package dev.ferry.runtime.core.io.playground;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.HttpIngressMetrics;
import dev.ferry.runtime.core.message.Envelope;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the playground ingress: turns each request into a message and queues it for the
 * source thread. Answers as StateFun's playground does (200 when queued, 500 for a path that is not
 * {@code /namespace/type/id}), and where the playground would accept a message only to fail the job
 * later, refuses it instead: 404 for a function type no endpoint serves, 503 with {@code
 * Retry-After} while the queue is full (the playground blocks its worker thread there).
 */
final class PlaygroundIngressServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlaygroundIngressServer.class);

    private final HttpListener listener;

    private PlaygroundIngressServer(HttpListener listener) {
        this.listener = listener;
    }

    /**
     * @param served whether an endpoint of the module serves a function type
     * @param queue where accepted messages go; the source drains it
     */
    static PlaygroundIngressServer start(
            String bindAddress,
            int port,
            Predicate<TypeName> served,
            BlockingQueue<Envelope> queue,
            HttpIngressMetrics metrics)
            throws Exception {
        HttpListener listener =
                HttpListener.start(
                        "the playground ingress",
                        bindAddress,
                        port,
                        request -> accept(request, served, queue, metrics));
        LOG.info("Playground ingress listening on http://{}:{}/", bindAddress, listener.port());
        return new PlaygroundIngressServer(listener);
    }

    int port() {
        return listener.port();
    }

    private static void accept(
            HttpServerRequest request,
            Predicate<TypeName> served,
            BlockingQueue<Envelope> queue,
            HttpIngressMetrics metrics) {
        long arrivedNanos = System.nanoTime();
        Answer answer =
                (status, text) -> {
                    metrics.answered(status, (System.nanoTime() - arrivedNanos) / 1_000_000);
                    HttpServerResponse response = request.response().setStatusCode(status);
                    if (text == null) {
                        response.end();
                    } else {
                        response.putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                                .end(text + "\n");
                    }
                };
        request.body()
                .onFailure(e -> answer.send(500, "could not read the request body: " + e))
                .onSuccess(
                        body -> {
                            Envelope message;
                            try {
                                message =
                                        PlaygroundIngressRequest.message(
                                                request.path(),
                                                request.headers().getAll(HttpHeaders.CONTENT_TYPE),
                                                body.getBytes());
                            } catch (IllegalArgumentException e) {
                                answer.send(500, e.getMessage());
                                return;
                            }
                            TypeName type = message.target().type();
                            if (!served.test(type)) {
                                answer.send(
                                        404,
                                        "no endpoint of the module serves function type "
                                                + type
                                                + "; bind it (or its namespace) in the module");
                            } else if (!queue.offer(message)) {
                                request.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
                                answer.send(
                                        503,
                                        "the playground ingress is full ("
                                                + queue.size()
                                                + " messages wait for the job); retry later");
                            } else {
                                answer.send(200, null);
                            }
                        });
    }

    /** Ends the response with a status and, unless null, a plain-text reason, and counts it. */
    @FunctionalInterface
    private interface Answer {
        void send(int status, String text);
    }

    @Override
    public void close() throws Exception {
        listener.close();
    }
}
