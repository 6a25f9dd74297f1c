package dev.ferry.adapters.knative;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.adapters.knative.HttpTestClient.Mode;
import dev.ferry.adapters.knative.HttpTestClient.Response;
import dev.ferry.protocol.RemoteHandler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTTP behaviour of the server itself, with a handler that echoes bytes (and fails or waits on
 * request): probes, statuses, the concurrency bound, h2c and the drain.
 */
class KnativeFunctionServerITCase {
    private static final Map<String, CompletableFuture<byte[]>> HELD = new ConcurrentHashMap<>();

    /** Echoes the body; "fail" fails; "hold:KEY" waits until the test completes KEY. */
    private static final RemoteHandler ECHO =
            request -> {
                String text = new String(request, StandardCharsets.UTF_8);
                if (text.equals("fail")) {
                    return CompletableFuture.failedFuture(new IllegalStateException("boom"));
                }
                if (text.equals("throw")) {
                    throw new IllegalArgumentException("thrown at once");
                }
                if (text.startsWith("hold:")) {
                    return HELD.computeIfAbsent(text, k -> new CompletableFuture<>());
                }
                return CompletableFuture.completedFuture(request);
            };

    private static KnativeFunctionServer server;
    private static HttpTestClient client;

    @BeforeAll
    static void start() throws Exception {
        server =
                KnativeFunctionServer.builder(ECHO)
                        .host("127.0.0.1")
                        .port(0)
                        .eventLoops(2)
                        .maxConcurrency(4)
                        .maxRequestBytes(1024)
                        .start();
        client = new HttpTestClient();
    }

    @AfterAll
    static void stop() throws Exception {
        HELD.values().forEach(f -> f.complete(new byte[0]));
        if (server != null) {
            server.drain(Duration.ofSeconds(5));
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    void echoesOnAnyPathWithTheProtocolContentType() throws Exception {
        for (String path : new String[] {"/statefun", "/fraud/model", "/"}) {
            Response response = client.post(server.url(path), bytes("hello"));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("content-type")).isEqualTo("application/octet-stream");
            assertThat(response.text()).isEqualTo("hello");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void speaksHttp1AndH2c(Mode mode) throws Exception {
        try (HttpTestClient other = new HttpTestClient(mode)) {
            Response response = other.post(server.url("/statefun"), bytes("over " + mode));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("over " + mode);
            assertThat(response.version())
                    .isEqualTo(mode == Mode.HTTP_1_1 ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_2);
        }
    }

    @Test
    void probesAnswerGet() throws Exception {
        assertThat(client.get(server.url("/ready")).status()).isEqualTo(200);
        assertThat(client.get(server.url("/healthz")).status()).isEqualTo(200);
        assertThat(client.post(server.url("/ready"), bytes("x")).status()).isEqualTo(405);
    }

    @Test
    void refusesOtherMethodsAndContentTypes() throws Exception {
        Response get = client.get(server.url("/statefun"));
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("allow")).isEqualTo("POST");
        Response json =
                client.send(
                        HttpMethod.POST,
                        server.url("/statefun"),
                        Map.of("Content-Type", "application/json"),
                        bytes("{}"));
        assertThat(json.status()).isEqualTo(415);
        Response none = client.send(HttpMethod.POST, server.url("/statefun"), Map.of(), bytes("x"));
        assertThat(none.status()).as("no Content-Type is taken as the protocol's").isEqualTo(200);
        // The connection is still good for the next request.
        assertThat(client.post(server.url("/statefun"), bytes("after")).text()).isEqualTo("after");
    }

    @Test
    void failuresAre500WithoutTheException() throws Exception {
        Response failed = client.post(server.url("/statefun"), bytes("fail"));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.text()).startsWith("function failed").doesNotContain("boom");
        Response thrown = client.post(server.url("/statefun"), bytes("throw"));
        assertThat(thrown.status()).isEqualTo(500);
        assertThat(thrown.text()).doesNotContain("thrown at once");
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        assertThat(client.post(server.url("/statefun"), new byte[1024]).status()).isEqualTo(200);
        try (HttpTestClient fresh = new HttpTestClient()) {
            assertThat(fresh.post(server.url("/statefun"), new byte[1025]).status()).isEqualTo(413);
        }
    }

    @Test
    void requestsOverTheConcurrencyBoundAre503() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (HttpTestClient other = new HttpTestClient()) {
            var held = new java.util.ArrayList<Future<Response>>();
            for (int i = 0; i < 4; i++) {
                String key = "hold:bound-" + i;
                held.add(pool.submit(() -> other.post(server.url("/statefun"), bytes(key))));
            }
            org.awaitility.Awaitility.await()
                    .until(
                            () ->
                                    HELD.keySet().stream()
                                                    .filter(k -> k.startsWith("hold:bound-"))
                                                    .count()
                                            == 4);
            Response busy = client.post(server.url("/statefun"), bytes("one more"));
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.header("retry-after")).isNull();
            for (int i = 0; i < 4; i++) {
                HELD.get("hold:bound-" + i).complete(bytes("done-" + i));
            }
            for (int i = 0; i < 4; i++) {
                assertThat(held.get(i).get().text()).isEqualTo("done-" + i);
            }
            assertThat(client.post(server.url("/statefun"), bytes("free")).status()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRunningFunctionKeepsItsSlotWhenTheClientLeaves() throws Exception {
        HttpTestClient leaving = new HttpTestClient();
        CompletableFuture.runAsync(
                () -> {
                    try {
                        leaving.post(server.url("/statefun"), bytes("hold:gone"));
                    } catch (Exception expected) {
                        // the client is closed under its request
                    }
                });
        org.awaitility.Awaitility.await().until(() -> HELD.containsKey("hold:gone"));
        leaving.close();

        org.awaitility.Awaitility.await()
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> server.inFlight() == 1);
        HELD.get("hold:gone").complete(bytes("too late"));
        org.awaitility.Awaitility.await().until(() -> server.inFlight() == 0);
    }

    @Test
    void answersExpectContinueOnlyWhenItWillTakeTheBody() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            var in = reader(socket);
            sendHeadersExpectingContinue(socket, 1000);
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(in.readLine()).isEmpty();
            socket.getOutputStream().write(new byte[1000]);
            socket.getOutputStream().flush();
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
        }
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            var in = reader(socket);
            sendHeadersExpectingContinue(socket, 4096); // over this server's 1024-byte limit
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        }
    }

    private static java.io.BufferedReader reader(java.net.Socket socket) throws Exception {
        return new java.io.BufferedReader(
                new java.io.InputStreamReader(
                        socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static void sendHeadersExpectingContinue(java.net.Socket socket, int length)
            throws Exception {
        var out = socket.getOutputStream();
        out.write(
                ("POST /statefun HTTP/1.1\r\nHost: localhost\r\n"
                                + "Content-Type: application/octet-stream\r\n"
                                + "Content-Length: "
                                + length
                                + "\r\nExpect: 100-continue\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    void blockingHandlersRunOffTheEventLoop() throws Exception {
        RemoteHandler where =
                request ->
                        CompletableFuture.completedFuture(
                                bytes(
                                        io.vertx.core.Context.isOnEventLoopThread()
                                                ? "event loop"
                                                : "worker"));
        try (KnativeFunctionServer loop =
                        KnativeFunctionServer.builder(where).host("127.0.0.1").port(0).start();
                KnativeFunctionServer worker =
                        KnativeFunctionServer.builder(where)
                                .host("127.0.0.1")
                                .port(0)
                                .blockingHandler(true)
                                .start()) {
            assertThat(client.post(loop.url("/f"), bytes("?")).text()).isEqualTo("event loop");
            assertThat(client.post(worker.url("/f"), bytes("?")).text()).isEqualTo("worker");
        }
    }

    @Test
    void aConfiguredPathIsTheOnlyOne() throws Exception {
        try (KnativeFunctionServer only =
                KnativeFunctionServer.builder(ECHO)
                        .host("127.0.0.1")
                        .port(0)
                        .path("/statefun")
                        .start()) {
            assertThat(client.post(only.url("/statefun"), bytes("a")).status()).isEqualTo(200);
            assertThat(client.post(only.url("/other"), bytes("a")).status()).isEqualTo(404);
            assertThat(client.get(only.url("/ready")).status()).isEqualTo(200);
        }
    }

    @Test
    void drainFinishesRunningRequestsAndRefusesNewOnes() throws Exception {
        KnativeFunctionServer draining =
                KnativeFunctionServer.builder(ECHO).host("127.0.0.1").port(0).start();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (HttpTestClient other = new HttpTestClient()) {
            Future<Response> running =
                    pool.submit(() -> other.post(draining.url("/f"), bytes("hold:drain")));
            org.awaitility.Awaitility.await().until(() -> HELD.containsKey("hold:drain"));
            Future<Boolean> drained = pool.submit(() -> draining.drain(Duration.ofSeconds(20)));
            org.awaitility.Awaitility.await().until(draining::draining);
            assertThat(client.get(draining.url("/ready")).status()).isEqualTo(503);
            assertThat(client.get(draining.url("/healthz")).status()).isEqualTo(200);
            try (HttpTestClient fresh = new HttpTestClient();
                    HttpTestClient h2c = new HttpTestClient(Mode.H2C_PRIOR_KNOWLEDGE)) {
                assertThat(fresh.post(draining.url("/f"), bytes("new")).status()).isEqualTo(503);
                assertThat(h2c.post(draining.url("/f"), bytes("new")).status()).isEqualTo(503);
            }
            assertThat(drained.isDone()).isFalse();
            HELD.get("hold:drain").complete(bytes("finished"));
            assertThat(running.get().status()).isEqualTo(200);
            assertThat(running.get().text()).isEqualTo("finished");
            assertThat(drained.get()).isTrue();
        } finally {
            pool.shutdownNow();
            draining.drain(Duration.ofSeconds(1));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
