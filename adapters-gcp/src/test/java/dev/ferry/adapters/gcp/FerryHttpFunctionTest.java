package dev.ferry.adapters.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.functions.invoker.runner.Invoker;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adapter's HTTP contract, served by the Functions Framework's invoker in this JVM ({@code
 * startTestServer}).
 */
class FerryHttpFunctionTest {
    private static Invoker invoker;
    private static String url;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        invoker =
                new Invoker(
                        port,
                        ProbeFunction.class.getName(),
                        "http",
                        FerryHttpFunctionTest.class.getClassLoader());
        invoker.startTestServer();
        url = "http://127.0.0.1:" + port + "/";
    }

    @AfterAll
    static void stop() throws Exception {
        invoker.stopServer();
    }

    @Test
    void echoesTheBodyAsOctetStream() throws Exception {
        HttpResponse<byte[]> response = post("hello", "application/octet-stream");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/octet-stream"));
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void onlyPostIsServed() throws Exception {
        HttpResponse<String> response =
                CLIENT.send(
                        HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void otherContentTypesAreRefused() throws Exception {
        assertThat(post("hello", "application/json").statusCode()).isEqualTo(415);
        assertThat(post("hello", "text/plain").statusCode()).isEqualTo(415);
        assertThat(post("hello", "application/octet-stream; charset=binary").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aRequestOverTheLimitIs413() throws Exception {
        HttpResponse<byte[]> response = post("x".repeat(1025), "application/octet-stream");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .contains("over the limit of 1024 bytes");
        assertThat(post("x".repeat(1024), "application/octet-stream").statusCode()).isEqualTo(200);
    }

    @Test
    void aFailedFunctionIs500WithoutItsException() throws Exception {
        HttpResponse<byte[]> failed = post("fail", "application/octet-stream");
        HttpResponse<byte[]> thrown = post("throw", "application/octet-stream");
        HttpResponse<byte[]> none = post("none", "application/octet-stream");

        assertThat(failed.statusCode()).isEqualTo(500);
        String message = new String(failed.body(), StandardCharsets.UTF_8);
        assertThat(message).isEqualTo("function failed; the cause is in the function's log\n");
        assertThat(thrown.statusCode()).isEqualTo(500);
        assertThat(new String(thrown.body(), StandardCharsets.UTF_8))
                .doesNotContain("thrown, not returned");
        assertThat(none.statusCode()).isEqualTo(500);
    }

    @Test
    void aReplyOverTheLimitIs500() throws Exception {
        HttpResponse<byte[]> response = post("big", "application/octet-stream");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .contains("bytes is over the platform's limit of 33554432 bytes");
    }

    private static HttpResponse<byte[]> post(String body, String contentType) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
