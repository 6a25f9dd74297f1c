package dev.ferry.adapters.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.testing.Requests;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adapter as Cloud Functions runs it: the real {@code java-function-invoker} jar in a child
 * process, serving a StateFun SDK function through {@link FerryHttpFunction}.
 */
class FerryHttpFunctionITCase {
    /** What the function's class path is made of, as a deployment would package it. */
    static final List<String> FUNCTION_CLASS_PATH =
            List.of(
                    "adapters-gcp/target/classes",
                    "adapters-gcp/target/test-classes",
                    "ferry-adapters-gcp",
                    "protocol/target/classes",
                    "protocol/target/test-classes",
                    "ferry-protocol",
                    "protobuf-java",
                    "gson",
                    "statefun-sdk-java");

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static FunctionsFrameworkProcess function;

    @BeforeAll
    static void start() throws Exception {
        function =
                FunctionsFrameworkProcess.start(
                        SdkCounterFunction.class.getName(), FUNCTION_CLASS_PATH);
        System.out.println(
                "Functions Framework ready after " + function.startup().toMillis() + " ms");
    }

    @AfterAll
    static void stop() throws Exception {
        if (function != null) {
            function.close();
        }
    }

    @Test
    void servesAStatefunSdkFunction() throws Exception {
        HttpResponse<byte[]> response = post(request("a", 41, 1).toByteArray());

        assertThat(response.statusCode()).as(function.log()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/octet-stream"));
        assertThat(Requests.newCount(FromFunction.parseFrom(response.body()))).isEqualTo(42);
    }

    @Test
    void aMalformedRequestIs400NotA200() throws Exception {
        HttpResponse<byte[]> response = post(new byte[] {(byte) 0xff, 1, 2, 3});

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new String(response.body())).startsWith("request is not a valid ToFunction");
    }

    @Test
    void refusesWhatIsNotAStatefunRequest() throws Exception {
        HttpResponse<String> get =
                CLIENT.send(
                        HttpRequest.newBuilder(URI.create(function.url())).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> json =
                CLIENT.send(
                        HttpRequest.newBuilder(URI.create(function.url()))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(json.statusCode()).isEqualTo(415);
    }

    @Test
    void perInvocationLatency() throws Exception {
        byte[] body = request("latency", 0, 1).toByteArray();
        for (int i = 0; i < 300; i++) {
            assertThat(post(body).statusCode()).isEqualTo(200);
        }
        int rounds = 1000;
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = post(body);
            nanos[i] = System.nanoTime() - start;
            assertThat(response.statusCode()).isEqualTo(200);
        }
        Arrays.sort(nanos);
        System.out.printf(
                "Functions Framework + adapter, one invocation (%d sequential, keep-alive):"
                        + " p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                rounds,
                nanos[rounds / 2] / 1e6,
                nanos[rounds * 9 / 10] / 1e6,
                nanos[rounds * 99 / 100] / 1e6,
                nanos[rounds - 1] / 1e6);
    }

    private static HttpResponse<byte[]> post(byte[] body) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(function.url()))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static ToFunction request(String id, int current, int add) {
        return Requests.batch(FunctionAddress.of("test", "counter", id), current, add);
    }
}
