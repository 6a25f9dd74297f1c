package dev.ferry.runtime.core.io.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.HttpIngressMetrics;
import dev.ferry.runtime.module.FunctionPattern;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server of the durable ingress on loopback, with its ledger driven as the source drives it:
 * what each request is answered, and when.
 */
class HttpIngressServerTest {
    private static final String TOKEN = "secret";

    private final AcknowledgementLedger ledger = new AcknowledgementLedger(2, 60_000);
    private final HttpClient client = HttpClient.newHttpClient();
    private final MetricListener metricListener = new MetricListener();
    private HttpIngressServer server;

    @BeforeEach
    void start() throws Exception {
        server =
                HttpIngressServer.start(
                        "127.0.0.1",
                        0,
                        new HttpIngressAddressing(
                                List.of(), List.of(FunctionPattern.of(new TypeName("ns", "f")))),
                        ledger,
                        HttpIngressMetrics.register(
                                metricListener.getMetricGroup(),
                                new TypeName("test", "in"),
                                ledger::pending),
                        16,
                        TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        ledger.stop("test over");
        server.close();
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request) {
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Does what the source and a completed checkpoint do. */
    private void emitAndComplete(long checkpoint) throws InterruptedException {
        ledger.take(0).forEach(ledger::emitted);
        ledger.seal(checkpoint, System.currentTimeMillis());
        ledger.completed(checkpoint);
    }

    @Test
    void theAnswerWaitsForTheCheckpointAndARetryWithTheKeyIsANoOp() throws Exception {
        CompletableFuture<HttpResponse<String>> first =
                send(post("/ns/f/1", "a").header("Idempotency-Key", "k1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.pending() == 1);
        CompletableFuture<HttpResponse<String>> retry =
                send(post("/ns/f/1", "a").header("Idempotency-Key", "k1"));
        assertThat(first).isNotDone();
        emitAndComplete(3);
        assertThat(first.get().statusCode()).isEqualTo(202);
        assertThat(first.get().body()).contains("durable in checkpoint 3");
        assertThat(retry.get().statusCode()).isEqualTo(202);
        assertThat(send(post("/ns/f/1", "a").header("Idempotency-Key", "k1")).get().statusCode())
                .isEqualTo(202);
        assertThat(ledger.take(0)).as("nothing sent again").isEmpty();
        assertThat(counted("acceptedRequests")).isEqualTo(3);
        assertThat(
                        metricListener
                                .getHistogram("ingress", "test/in", "answerLatencyMs")
                                .orElseThrow()
                                .getCount())
                .isEqualTo(3);
        assertThat(counted("refusedRequests") + counted("busyRequests")).isZero();
    }

    private long counted(String counter) {
        return metricListener.getCounter("ingress", "test/in", counter).orElseThrow().getCount();
    }

    @Test
    void whenTooManyArePendingTheAnswerIs503WithRetryAfter() throws Exception {
        send(post("/ns/f/1", "a"));
        send(post("/ns/f/2", "b"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.pending() == 2);
        assertThat(
                        metricListener
                                .<Integer>getGauge("ingress", "test/in", "waitingRequests")
                                .orElseThrow()
                                .getValue())
                .isEqualTo(2);
        HttpResponse<String> refused = send(post("/ns/f/3", "c")).get();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(counted("busyRequests")).isEqualTo(1);
    }

    @Test
    void aRequestPendingWhenTheIngressStopsIsAnswered503() throws Exception {
        CompletableFuture<HttpResponse<String>> pending = send(post("/ns/f/1", "a"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.pending() == 1);
        ledger.stop("the job is restarting");
        assertThat(pending.get().statusCode()).isEqualTo(503);
        assertThat(pending.get().body()).contains("the job is restarting");
    }

    @Test
    void badRequestsAreRefusedAtOnce() throws Exception {
        HttpResponse<String> noToken =
                client.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + server.port() + "/ns/f/1"))
                                .POST(HttpRequest.BodyPublishers.ofString("a"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        HttpResponse<String> get =
                client.send(
                        post("/ns/f/1", "").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<String> large = send(post("/ns/f/1", "x".repeat(17))).get();
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.body()).contains("maxBodySize 16");
        assertThat(send(post("/other/f/1", "a")).get().statusCode()).isEqualTo(404);
        assertThat(ledger.pending()).isZero();
        assertThat(counted("refusedRequests")).isEqualTo(4);
        assertThat(counted("acceptedRequests")).isZero();
    }
}
