package dev.ferry.adapters.knative;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A Vert.x HTTP client for tests: HTTP/1.1, h2c with prior knowledge, or h2c by upgrade. */
final class HttpTestClient implements AutoCloseable {
    enum Mode {
        HTTP_1_1,
        H2C_PRIOR_KNOWLEDGE,
        H2C_UPGRADE
    }

    /** What came back: status, headers with lower-case names, body, protocol version. */
    record Response(int status, Map<String, String> headers, byte[] body, HttpVersion version) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client;

    HttpTestClient(Mode mode) {
        HttpClientOptions options = new HttpClientOptions().setKeepAlive(true);
        switch (mode) {
            case H2C_PRIOR_KNOWLEDGE ->
                    options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
            case H2C_UPGRADE ->
                    options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(true);
            default -> options.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(64));
    }

    HttpTestClient() {
        this(Mode.HTTP_1_1);
    }

    Response send(HttpMethod method, String url, Map<String, String> headers, byte[] body)
            throws Exception {
        return exchange(
                method,
                url,
                headers,
                request -> body == null ? request.send() : request.send(Buffer.buffer(body)));
    }

    /**
     * POSTs {@code body} with chunked transfer coding (no Content-Length), in chunks of 16 KiB. The
     * answer may come before the whole body is sent; the rest is then not sent.
     */
    Response sendChunked(String url, Map<String, String> headers, byte[] body) throws Exception {
        return exchange(
                HttpMethod.POST,
                url,
                headers,
                request -> {
                    request.setChunked(true);
                    for (int from = 0; from < body.length; from += 16 * 1024) {
                        int to = Math.min(body.length, from + 16 * 1024);
                        request.write(Buffer.buffer(body).slice(from, to));
                    }
                    request.end();
                    return request.response();
                });
    }

    private Response exchange(
            HttpMethod method,
            String url,
            Map<String, String> headers,
            Function<HttpClientRequest, Future<HttpClientResponse>> send)
            throws Exception {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url);
        headers.forEach(options::putHeader);
        // The body is asked for in the callback that gets the response, before the event loop
        // can deliver any of it.
        return client.request(options)
                .compose(
                        request ->
                                send.apply(request)
                                        .compose(
                                                response ->
                                                        response.body()
                                                                .map(
                                                                        bytes ->
                                                                                toResponse(
                                                                                        response,
                                                                                        bytes))))
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    Response post(String url, byte[] body) throws Exception {
        return send(HttpMethod.POST, url, Map.of("Content-Type", "application/octet-stream"), body);
    }

    Response get(String url) throws Exception {
        return send(HttpMethod.GET, url, Map.of(), null);
    }

    private static Response toResponse(HttpClientResponse response, Buffer bytes) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers()
                .forEach(
                        entry ->
                                headers.put(
                                        entry.getKey().toLowerCase(Locale.ROOT), entry.getValue()));
        return new Response(response.statusCode(), headers, bytes.getBytes(), response.version());
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
