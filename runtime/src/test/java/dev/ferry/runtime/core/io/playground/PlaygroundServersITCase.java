package dev.ferry.runtime.core.io.playground;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.HttpIngressMetrics;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.module.PlaygroundIngressSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

/**
 * The playground ingress and egress servers over real HTTP on loopback: the status codes and bodies
 * StateFun's playground answers with, and where Ferry refuses instead of failing the job.
 */
class PlaygroundServersITCase {
    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> send(
            String method, int port, String path, String type, String body) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theIngressQueuesOneMessagePerRequestAndRefusesWhatItCannotDeliver() throws Exception {
        BlockingQueue<Envelope> queue = new ArrayBlockingQueue<>(1);
        TypeName cart = TypeName.parse("com.example/user-shopping-cart");
        MetricListener metricListener = new MetricListener();
        try (PlaygroundIngressServer server =
                PlaygroundIngressServer.start(
                        "127.0.0.1",
                        0,
                        type -> type.namespace().equals("com.example"),
                        queue,
                        HttpIngressMetrics.register(
                                metricListener.getMetricGroup(),
                                PlaygroundIngressSpec.ID,
                                queue::size))) {
            int port = server.port();

            HttpResponse<String> accepted =
                    send(
                            "PUT",
                            port,
                            "/com.example/user-shopping-cart/1",
                            "application/vnd.com.example/Checkout",
                            "{\"userId\": \"1\"}");
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(accepted.body()).isEmpty();
            Envelope message = queue.poll();
            assertThat(message).isNotNull();
            assertThat(message.target().type()).isEqualTo(cart);
            assertThat(message.target().id()).isEqualTo("1");
            assertThat(message.typename()).isEqualTo("com.example/Checkout");
            assertThat(new String(message.value(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"userId\": \"1\"}");

            HttpResponse<String> badPath = send("PUT", port, "/com.example/stock", null, "x");
            assertThat(badPath.statusCode()).isEqualTo(500);
            assertThat(badPath.body()).startsWith("Invalid URL. Please specify");

            HttpResponse<String> unserved = send("POST", port, "/other/fn/1", null, "x");
            assertThat(unserved.statusCode()).isEqualTo(404);
            assertThat(unserved.body()).contains("function type other/fn");

            assertThat(send("POST", port, "/com.example/stock/socks", null, "a").statusCode())
                    .isEqualTo(200);
            HttpResponse<String> full = send("POST", port, "/com.example/stock/socks", null, "b");
            assertThat(full.statusCode()).isEqualTo(503);
            assertThat(full.headers().firstValue("Retry-After")).contains("1");
            assertThat(queue).hasSize(1);
            assertThat(queue.poll().typename()).isEqualTo("io.statefun.types/string");
            String[] group = {"ingress", PlaygroundIngressSpec.ID.asString()};
            assertThat(counter(metricListener, group, "acceptedRequests")).isEqualTo(2);
            assertThat(counter(metricListener, group, "refusedRequests")).isEqualTo(2);
            assertThat(counter(metricListener, group, "busyRequests")).isEqualTo(1);
        }
    }

    private static long counter(MetricListener metrics, String[] group, String name) {
        return metrics.getCounter(group[0], group[1], name).orElseThrow().getCount();
    }

    @Test
    void theEgressAnswersTheOldestUnreadPayload404WhenNone405ForAnUndeclaredTopic()
            throws Exception {
        try (PlaygroundEgressServer server =
                PlaygroundEgressServer.start("127.0.0.1", 0, List.of("receipts", "other"))) {
            int port = server.port();
            assertThat(send("GET", port, "/receipts", null, null).statusCode()).isEqualTo(404);

            server.offer("receipts", "first");
            server.offer("receipts", "second");

            HttpResponse<String> first = send("GET", port, "/receipts", null, null);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("first");
            // Any method reads, as in the playground.
            assertThat(send("POST", port, "/receipts", null, "").body()).isEqualTo("second");
            assertThat(send("GET", port, "/receipts", null, null).statusCode()).isEqualTo(404);
            assertThat(send("GET", port, "/other", null, null).statusCode()).isEqualTo(404);
            assertThat(send("GET", port, "/unknown", null, null).statusCode()).isEqualTo(405);
            assertThat(server.hasTopic("receipts")).isTrue();
            assertThat(server.hasTopic("unknown")).isFalse();
        }
    }

    @Test
    void aPortInUseIsNamedInTheError() throws Exception {
        try (PlaygroundEgressServer first =
                PlaygroundEgressServer.start("127.0.0.1", 0, List.of("t"))) {
            int port = first.port();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> PlaygroundEgressServer.start("127.0.0.1", port, List.of("t")))
                    .hasMessageStartingWith(
                            "the playground egress cannot listen on 127.0.0.1:" + port)
                    .hasMessageContaining("choose another one in the module");
        }
    }
}
