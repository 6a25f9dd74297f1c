package dev.ferry.adapters.knative;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.adapters.knative.HttpTestClient.Response;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.conformance.AdapterConformanceSuite;
import dev.ferry.protocol.conformance.AdapterReply;
import dev.ferry.protocol.conformance.ConformanceFunctions;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The container entry point as a separate JVM: it passes the conformance suite with the suite's
 * functions loaded by class name, and SIGTERM drains it (the running request finishes, readiness
 * and new requests get 503, then the process exits).
 */
class KnativeMainITCase extends AdapterConformanceSuite {
    private KnativeMainProcess main;
    private HttpTestClient client;

    @Override
    protected void startAdapter(RemoteHandler functions, long maxRequestBytes) throws Exception {
        client = new HttpTestClient();
        main =
                new KnativeMainProcess(
                        ConformanceFunctions.class.getName(),
                        Map.of("FERRY_MAX_REQUEST_BYTES", String.valueOf(maxRequestBytes)));
    }

    @Override
    protected void stopAdapter() throws Exception {
        if (main != null) {
            main.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Override
    protected AdapterReply post(byte[] body, Map<String, String> headers) throws Exception {
        Response response = client.send(HttpMethod.POST, main.url("/statefun"), headers, body);
        return new AdapterReply(response.status(), response.headers(), response.body());
    }

    @Test
    void sigtermLetsTheRunningRequestFinishAndRefusesNewOnes() throws Exception {
        try (KnativeMainProcess slow =
                        new KnativeMainProcess(
                                SlowEchoHandler.class.getName(),
                                Map.of("FERRY_DRAIN_TIMEOUT_SECONDS", "20"));
                HttpTestClient other = new HttpTestClient()) {
            CompletableFuture<Response> running =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return other.post(slow.url("/statefun"), bytes("in flight"));
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            slow.awaitLine("received:in flight", 10);

            slow.process().destroy(); // SIGTERM

            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> readiness(slow) == 503);
            try (HttpTestClient fresh = new HttpTestClient()) {
                assertThat(fresh.post(slow.url("/statefun"), bytes("too late")).status())
                        .isEqualTo(503);
            }
            Response finished = running.get(20, TimeUnit.SECONDS);
            assertThat(finished.status()).isEqualTo(200);
            assertThat(finished.text()).isEqualTo("in flight");
            assertThat(slow.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(slow.stderr()).contains("draining");
        }
    }

    private int readiness(KnativeMainProcess process) {
        try (HttpTestClient probe = new HttpTestClient()) {
            return probe.get(process.url("/ready")).status();
        } catch (Exception e) {
            return -1;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
