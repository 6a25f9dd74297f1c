package dev.ferry.adapters.knative;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.RemoteHandler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a server reachable from a whole cluster does by default, started as the container starts it
 * ({@link KnativeMain} from the environment): a bound on concurrent calls, an optional bearer
 * token, error answers that keep the function's exception to the log, and a body that takes memory
 * only as its bytes arrive.
 */
class KnativeClusterDefaultsITCase {
    /** Requests that {@link Holding} keeps open until the test completes them. */
    private static final Queue<CompletableFuture<byte[]>> HELD = new ConcurrentLinkedQueue<>();

    /** Echoes the body; {@code hold} waits until the test completes it; {@code fail} fails. */
    public static final class Holding implements RemoteHandler {
        @Override
        public CompletableFuture<byte[]> handle(byte[] request) {
            String text = new String(request, StandardCharsets.UTF_8);
            if (text.equals("hold")) {
                CompletableFuture<byte[]> held = new CompletableFuture<>();
                HELD.add(held);
                return held;
            }
            if (text.equals("fail")) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("secret detail of user code"));
            }
            return CompletableFuture.completedFuture(request);
        }
    }

    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        HELD.forEach(held -> held.complete(new byte[0]));
        HELD.clear();
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    @Test
    void boundsConcurrentCallsByDefault() throws Exception {
        KnativeFunctionServer server = start(Map.of());
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < KnativeFunctionServer.DEFAULT_MAX_CONCURRENCY; i++) {
            held.add(client.sendAsync(post(server, "hold", Map.of()), ofString()));
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> HELD.size() == KnativeFunctionServer.DEFAULT_MAX_CONCURRENCY);

        HttpResponse<String> busy = client.send(post(server, "one more", Map.of()), ofString());

        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
        HELD.forEach(future -> future.complete("done".getBytes(StandardCharsets.UTF_8)));
        for (CompletableFuture<HttpResponse<String>> response : held) {
            assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBearerTokenGuardsTheFunctionsButNotTheProbes() throws Exception {
        KnativeFunctionServer server = start(Map.of("FERRY_AUTH_TOKEN", "s3cret-token"));

        HttpResponse<String> none = client.send(post(server, "hi", Map.of()), ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        HttpResponse<String> wrong =
                client.send(
                        post(server, "hi", Map.of("Authorization", "Bearer s3cret-tokeN")),
                        ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> basic =
                client.send(
                        post(server, "hi", Map.of("Authorization", "Basic s3cret-token")),
                        ofString());
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(none.body() + wrong.body()).doesNotContain("s3cret");

        HttpResponse<String> right =
                client.send(
                        post(server, "hi", Map.of("Authorization", "Bearer s3cret-token")),
                        ofString());
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).isEqualTo("hi");
        for (String probe : new String[] {"/ready", "/healthz"}) {
            HttpResponse<String> open =
                    client.send(
                            HttpRequest.newBuilder(URI.create(server.url(probe))).GET().build(),
                            ofString());
            assertThat(open.statusCode()).as(probe).isEqualTo(200);
        }
    }

    @Test
    void aFailedFunctionsAnswerKeepsTheExceptionToTheLog() throws Exception {
        KnativeFunctionServer server = start(Map.of());

        HttpResponse<String> failed = client.send(post(server, "fail", Map.of()), ofString());

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body())
                .startsWith("function failed")
                .doesNotContain("secret detail")
                .doesNotContain("IllegalStateException");
    }

    /** RFC 9110: Content-Length = 1*DIGIT; a sign or letters are a 400, not a guess. */
    @ParameterizedTest
    @ValueSource(strings = {"+5", "12abc"})
    void aMalformedContentLengthIsABadRequest(String length) throws Exception {
        KnativeFunctionServer server = start(Map.of());
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /statefun HTTP/1.1\r\nHost: localhost\r\n"
                                    + "Content-Type: application/octet-stream\r\n"
                                    + "Content-Length: "
                                    + length
                                    + "\r\n\r\nhello")
                            .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(
                                    socket.getInputStream(), StandardCharsets.ISO_8859_1));
            assertThat(in.readLine()).startsWith("HTTP/1.1 400 ");
        }
    }

    /**
     * Eight requests declare bodies near the limit and send ten bytes each. Memory for a body is
     * taken as its bytes arrive, so a server with a 256 MiB heap keeps serving; taking the declared
     * length up front (8 x 60 MiB) would run it out of memory.
     */
    @Test
    void aDeclaredLengthTakesNoMemoryBeforeTheBytesArrive() throws Exception {
        int declared = 60 * 1024 * 1024;
        KnativeMainProcess process =
                new KnativeMainProcess(
                        Holding.class.getName(),
                        Map.of("FERRY_MAX_REQUEST_BYTES", Integer.toString(64 * 1024 * 1024)));
        toClose.add(process);
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket socket = new Socket("127.0.0.1", process.port());
                slow.add(socket);
                socket.getOutputStream()
                        .write(
                                ("POST /statefun HTTP/1.1\r\nHost: localhost\r\n"
                                                + "Content-Type: application/octet-stream\r\n"
                                                + "Content-Length: "
                                                + declared
                                                + "\r\n\r\n0123456789")
                                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            }
            HttpResponse<String> served =
                    client.send(
                            HttpRequest.newBuilder(URI.create(process.url("/statefun")))
                                    .header("Content-Type", "application/octet-stream")
                                    .POST(HttpRequest.BodyPublishers.ofString("still here"))
                                    .build(),
                            ofString());

            assertThat(served.statusCode()).as(process.stderr()).isEqualTo(200);
            assertThat(served.body()).isEqualTo("still here");
            assertThat(process.stderr()).doesNotContain("OutOfMemoryError");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    private KnativeFunctionServer start(Map<String, String> settings) throws Exception {
        Map<String, String> env = new HashMap<>(settings);
        env.put("FERRY_FUNCTIONS", Holding.class.getName());
        env.put("PORT", "0");
        env.put("FERRY_HOST", "127.0.0.1");
        env.put("FERRY_EVENT_LOOPS", "1");
        KnativeFunctionServer server = KnativeMain.start(new String[0], env);
        toClose.add(() -> server.drain(Duration.ofSeconds(5)));
        return server;
    }

    private static HttpRequest post(
            KnativeFunctionServer server, String body, Map<String, String> headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(server.url("/statefun")))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return request.build();
    }

    private static HttpResponse.BodyHandler<String> ofString() {
        return HttpResponse.BodyHandlers.ofString();
    }
}
