package dev.ferry.runtime.core.io.playground;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the playground egress: one in-memory queue per declared topic; a request to
 * {@code /{topic}} (any method) takes the oldest payload: 200 with the payload as the body, 404
 * when the topic's queue is empty, 405 for a topic not declared, as StateFun's playground answers.
 */
final class PlaygroundEgressServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlaygroundEgressServer.class);

    /**
     * As the playground: a full topic drops new records (and logs it) rather than block the job.
     */
    static final int TOPIC_CAPACITY = 1 << 20;

    private final Map<String, BlockingQueue<String>> topics;
    private final HttpListener listener;

    private PlaygroundEgressServer(
            Map<String, BlockingQueue<String>> topics, HttpListener listener) {
        this.topics = topics;
        this.listener = listener;
    }

    static PlaygroundEgressServer start(String bindAddress, int port, List<String> topicNames)
            throws Exception {
        Map<String, BlockingQueue<String>> topics = new LinkedHashMap<>();
        for (String topic : topicNames) {
            topics.put(topic, new ArrayBlockingQueue<>(TOPIC_CAPACITY));
        }
        HttpListener listener =
                HttpListener.start(
                        "the playground egress",
                        bindAddress,
                        port,
                        request -> serve(request, topics));
        LOG.info(
                "Playground egress listening on http://{}:{}/ for topics {}",
                bindAddress,
                listener.port(),
                topics.keySet());
        return new PlaygroundEgressServer(topics, listener);
    }

    int port() {
        return listener.port();
    }

    /** Whether the topic is declared. */
    boolean hasTopic(String topic) {
        return topics.containsKey(topic);
    }

    /** Queues a payload for its (declared) topic; a full topic drops it. */
    void offer(String topic, String payload) {
        if (!topics.get(topic).offer(payload)) {
            LOG.warn(
                    "Dropping a record for topic {}: {} records wait unread",
                    topic,
                    TOPIC_CAPACITY);
        }
    }

    private static void serve(
            HttpServerRequest request, Map<String, BlockingQueue<String>> topics) {
        String path = request.path();
        BlockingQueue<String> queue = topics.get(path.startsWith("/") ? path.substring(1) : path);
        if (queue == null) {
            request.response().setStatusCode(405).end();
            return;
        }
        String payload = queue.poll();
        if (payload == null) {
            request.response().setStatusCode(404).end();
        } else {
            request.response()
                    .setStatusCode(200)
                    .end(Buffer.buffer(payload.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Override
    public void close() throws Exception {
        listener.close();
    }
}
