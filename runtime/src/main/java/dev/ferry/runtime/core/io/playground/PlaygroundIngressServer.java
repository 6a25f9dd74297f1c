package dev.ferry.runtime.core.io.playground;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.Envelope;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
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
            String bindAddress, int port, Predicate<TypeName> served, BlockingQueue<Envelope> queue)
            throws Exception {
        HttpListener listener =
                HttpListener.start(
                        "the playground ingress",
                        bindAddress,
                        port,
                        request -> accept(request, served, queue));
        LOG.info("Playground ingress listening on http://{}:{}/", bindAddress, listener.port());
        return new PlaygroundIngressServer(listener);
    }

    int port() {
        return listener.port();
    }

    private static void accept(
            HttpServerRequest request, Predicate<TypeName> served, BlockingQueue<Envelope> queue) {
        request.body()
                .onFailure(e -> answer(request, 500, "could not read the request body: " + e))
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
                                answer(request, 500, e.getMessage());
                                return;
                            }
                            TypeName type = message.target().type();
                            if (!served.test(type)) {
                                answer(
                                        request,
                                        404,
                                        "no endpoint of the module serves function type "
                                                + type
                                                + "; bind it (or its namespace) in the module");
                            } else if (!queue.offer(message)) {
                                request.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
                                answer(
                                        request,
                                        503,
                                        "the playground ingress is full ("
                                                + queue.size()
                                                + " messages wait for the job); retry later");
                            } else {
                                request.response().setStatusCode(200).end();
                            }
                        });
    }

    private static void answer(HttpServerRequest request, int status, String text) {
        request.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .end(text + "\n");
    }

    @Override
    public void close() throws Exception {
        listener.close();
    }
}
