package dev.ferry.invokers.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.invokers.InvocationFailedException;
import dev.ferry.invokers.RetryPolicy;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.wire.ToFunction;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replies are bounded by the endpoint's payload limit however they arrive: without a length
 * (chunked), compressed, or with a length that is no number. Each server here is real and on
 * loopback; the invoker's attempt timeout and deadline are far longer than the time the tests allow
 * for a failure, so a reply that is buffered without bound or an attempt left waiting shows.
 */
class ReplyLimitITCase {
    private static final int LIMIT = 1024 * 1024;
    private static final int OVERSIZE = 16 * LIMIT;

    /**
     * What the chunked server would send in all: far more than loopback's socket buffers hold, so a
     * server that got to write all of it was read to the end.
     */
    private static final long STREAM = 64L * LIMIT;

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static Vertx vertx;
    private HttpServer httpServer;
    private NetServer netServer;
    private HttpInvoker invoker;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().await();
    }

    @AfterEach
    void stop() {
        if (invoker != null) {
            invoker.close();
        }
        if (httpServer != null) {
            httpServer.close().await();
        }
        if (netServer != null) {
            netServer.close().await();
        }
    }

    @Test
    void aChunkedReplyPastTheLimitFailsWhileItIsStillArriving() throws Exception {
        AtomicLong written = new AtomicLong();
        httpServer =
                vertx.createHttpServer()
                        .requestHandler(
                                request ->
                                        request.body()
                                                .onSuccess(
                                                        body -> {
                                                            HttpServerResponse response =
                                                                    request.response()
                                                                            .setChunked(true)
                                                                            .putHeader(
                                                                                    "Content-Type",
                                                                                    "application/octet-stream");
                                                            writeChunks(response, written);
                                                        }))
                        .listen(0, "127.0.0.1")
                        .await();
        invoker = HttpInvoker.create(config(httpServer.actualPort()));

        InvocationFailedException failure = failure();

        assertThat(failure.getMessage())
                .contains("127.0.0.1:" + httpServer.actualPort())
                .contains("1,048,576 bytes")
                .contains("payload_max_bytes");
        assertThat(failure.attempts()).isEqualTo(1);
        // The reply was cut off: the server never got to write all of it.
        assertThat(written.get()).isLessThan(STREAM);
    }

    @Test
    void aSmallGzipReplyThatInflatesPastTheLimitFails() throws Exception {
        byte[] bomb = gzip(new byte[OVERSIZE]);
        assertThat(bomb.length).isLessThan(LIMIT / 16);
        AtomicInteger requests = new AtomicInteger();
        httpServer =
                vertx.createHttpServer()
                        .requestHandler(
                                request -> {
                                    requests.incrementAndGet();
                                    request.body()
                                            .onSuccess(
                                                    body ->
                                                            request.response()
                                                                    .putHeader(
                                                                            "Content-Type",
                                                                            "application/octet-stream")
                                                                    .putHeader(
                                                                            "Content-Encoding",
                                                                            "gzip")
                                                                    .end(Buffer.buffer(bomb)));
                                })
                        .listen(0, "127.0.0.1")
                        .await();
        invoker = HttpInvoker.create(config(httpServer.actualPort()));

        InvocationFailedException failure = failure();

        assertThat(failure.getMessage())
                .contains("1,048,576 bytes")
                .contains("payload_max_bytes")
                .contains("decompress");
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void aMalformedContentLengthFailsTheAttemptAtOnce() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        // A raw socket server: no HTTP server library sends a Content-Length that is no number.
        netServer =
                vertx.createNetServer()
                        .connectHandler(
                                socket -> {
                                    connections.incrementAndGet();
                                    socket.handler(
                                            received -> {
                                                if (received.toString(StandardCharsets.ISO_8859_1)
                                                        .contains("\r\n\r\n")) {
                                                    socket.write(
                                                            "HTTP/1.1 200 OK\r\n"
                                                                    + "Content-Type: application/octet-stream\r\n"
                                                                    + "Content-Length: 12abc\r\n"
                                                                    + "\r\n"
                                                                    + "twelve bytes");
                                                }
                                            });
                                })
                        .listen(0, "127.0.0.1")
                        .await();
        invoker = HttpInvoker.create(config(netServer.actualPort()));

        long start = System.nanoTime();
        InvocationFailedException failure = failure();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(failure.getMessage()).contains("Content-Length").contains("12abc");
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(connections.get()).isEqualTo(1);
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }

    /** Writes zeros in 64 KiB chunks, as fast as the client reads them, up to {@link #STREAM}. */
    private static void writeChunks(HttpServerResponse response, AtomicLong written) {
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        while (written.get() < STREAM && !response.writeQueueFull()) {
            response.write(chunk);
            written.addAndGet(chunk.length());
        }
        if (written.get() >= STREAM) {
            response.end();
        } else {
            response.drainHandler(ignored -> writeChunks(response, written));
        }
    }

    private InvocationFailedException failure() throws Exception {
        try {
            invoker.invoke(request()).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(InvocationFailedException.class);
            return (InvocationFailedException) e.getCause();
        }
        throw new AssertionError("the invocation succeeded");
    }

    private static HttpEndpointConfig config(int port) {
        return HttpEndpointConfig.of("http://127.0.0.1:" + port + "/{function.name}")
                .withMaxRequestBytes(LIMIT)
                .withRetry(
                        new RetryPolicy(
                                Duration.ofMillis(20),
                                Duration.ofMillis(200),
                                2.0,
                                0.1,
                                0,
                                DEADLINE,
                                RetryPolicy.DEFAULT_RETRYABLE_STATUSES));
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static ToFunction request() {
        return ToFunction.newBuilder()
                .setInvocation(
                        ToFunction.InvocationBatchRequest.newBuilder()
                                .setTarget(FunctionAddress.of("test", "limit", "a").toProto())
                                .addInvocations(ToFunction.Invocation.getDefaultInstance()))
                .build();
    }
}
