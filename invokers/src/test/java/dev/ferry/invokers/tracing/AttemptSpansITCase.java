package dev.ferry.invokers.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ferry.invokers.AwsCredentials;
import dev.ferry.invokers.RetryPolicy;
import dev.ferry.invokers.http.HttpEndpointConfig;
import dev.ferry.invokers.http.HttpInvoker;
import dev.ferry.invokers.internal.InvocationTrace;
import dev.ferry.invokers.lambda.LambdaEndpointConfig;
import dev.ferry.invokers.lambda.LambdaInvoker;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.envelope.LambdaHttpEvents;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With an OpenTelemetry SDK installed, every attempt of an invocation is a client span with the
 * function, batch and sizes, and the function receives that span's W3C trace context: as a {@code
 * traceparent} header over HTTP, in the client context's {@code custom} map over Lambda's Invoke
 * API. A loopback server fails the first attempt with a 500, so a retried invocation shows as two
 * spans of one trace.
 */
class AttemptSpansITCase {
    @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    private static final byte[] REPLY =
            FromFunction.newBuilder()
                    .setInvocationResult(FromFunction.InvocationResponse.getDefaultInstance())
                    .build()
                    .toByteArray();

    private static Vertx vertx;
    private static HttpServer server;
    private static final AtomicInteger failuresLeft = new AtomicInteger();

    /** What each request carried: a traceparent header, or the Lambda client context. */
    private static final Queue<String> traceparents = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startServer() throws Exception {
        vertx = Vertx.vertx();
        server =
                vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                        .requestHandler(
                                request ->
                                        request.body()
                                                .onSuccess(
                                                        body -> {
                                                            boolean lambda =
                                                                    request.path()
                                                                            .endsWith(
                                                                                    "/invocations");
                                                            traceparents.add(
                                                                    lambda
                                                                            ? fromClientContext(
                                                                                    request
                                                                                            .getHeader(
                                                                                                    "X-Amz-Client-Context"))
                                                                            : String.valueOf(
                                                                                    request
                                                                                            .getHeader(
                                                                                                    "traceparent")));
                                                            var response = request.response();
                                                            if (failuresLeft.getAndDecrement()
                                                                    > 0) {
                                                                response.setStatusCode(500)
                                                                        .end("not yet");
                                                            } else if (lambda) {
                                                                response.end(
                                                                        Buffer.buffer(
                                                                                LambdaHttpEvents
                                                                                        .encodeResponse(
                                                                                                200,
                                                                                                LambdaHttpEvents
                                                                                                        .OCTET_STREAM,
                                                                                                REPLY)));
                                                            } else {
                                                                response.putHeader(
                                                                                "Content-Type",
                                                                                "application/octet-stream")
                                                                        .end(Buffer.buffer(REPLY));
                                                            }
                                                        }));
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopServer() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void reset() {
        traceparents.clear();
        failuresLeft.set(1);
    }

    @Test
    void aRetriedHttpInvocationIsTwoAttemptSpansEachSentAsTraceparent() throws Exception {
        try (HttpInvoker invoker =
                HttpInvoker.create(
                        HttpEndpointConfig.of(
                                        "http://127.0.0.1:"
                                                + server.actualPort()
                                                + "/fn/{function.name}")
                                .withRetry(policy()))) {
            invoker.invoke(request(3)).get(10, TimeUnit.SECONDS);
        }

        List<SpanData> spans = attemptSpans(2);
        SpanData first = spans.get(0);
        SpanData second = spans.get(1);
        SpanData invocation = invocationSpan();
        assertThat(invocation.getName()).isEqualTo("invoke test/traced");
        assertThat(longAttribute(invocation, InvocationTrace.ATTEMPTS)).isEqualTo(2);
        assertThat(first.getParentSpanId()).isEqualTo(invocation.getSpanId());
        assertThat(second.getParentSpanId()).isEqualTo(invocation.getSpanId());
        assertThat(first.getName()).isEqualTo("attempt test/traced");
        assertThat(first.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(first.getTraceId()).isEqualTo(second.getTraceId());
        assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(longAttribute(first, InvocationTrace.HTTP_STATUS)).isEqualTo(500);
        assertThat(longAttribute(first, InvocationTrace.ATTEMPT)).isEqualTo(1);
        assertThat(second.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        assertThat(longAttribute(second, InvocationTrace.HTTP_STATUS)).isEqualTo(200);
        assertThat(longAttribute(second, InvocationTrace.ATTEMPT)).isEqualTo(2);
        assertThat(longAttribute(second, InvocationTrace.BATCH_SIZE)).isEqualTo(3);
        assertThat(longAttribute(second, InvocationTrace.REQUEST_BYTES))
                .isEqualTo(request(3).getSerializedSize());
        assertThat(longAttribute(second, InvocationTrace.REPLY_BYTES)).isEqualTo(REPLY.length);
        assertThat(
                        second.getAttributes()
                                .get(AttributeKey.stringKey(InvocationTrace.FUNCTION_TYPE)))
                .isEqualTo("test/traced");
        assertThat(second.getAttributes().get(AttributeKey.stringKey(InvocationTrace.FUNCTION_ID)))
                .isEqualTo("a");
        assertThat(traceparents).containsExactly(traceparent(first), traceparent(second));
    }

    @Test
    void aLambdaInvocationCarriesTheTraceparentInItsClientContext() throws Exception {
        LambdaEndpointConfig config =
                LambdaEndpointConfig.of("traced-fn")
                        .withEndpoint(
                                "us-east-1",
                                "http://127.0.0.1:" + server.actualPort(),
                                AwsCredentials.staticKeys("id", "secret"))
                        .withRetry(policy());
        try (LambdaInvoker invoker = LambdaInvoker.create(config)) {
            invoker.invoke(request(1)).get(10, TimeUnit.SECONDS);
        }

        List<SpanData> spans = attemptSpans(2);
        assertThat(spans.get(0).getTraceId()).isEqualTo(spans.get(1).getTraceId());
        assertThat(longAttribute(spans.get(0), InvocationTrace.HTTP_STATUS)).isEqualTo(500);
        assertThat(
                        spans.get(1)
                                .getAttributes()
                                .get(AttributeKey.stringKey(InvocationTrace.ENDPOINT)))
                .isEqualTo("traced-fn");
        assertThat(traceparents)
                .containsExactly(traceparent(spans.get(0)), traceparent(spans.get(1)));
    }

    private static SpanData invocationSpan() {
        List<SpanData> spans =
                otel.getSpans().stream()
                        .filter(span -> span.getKind() == SpanKind.INTERNAL)
                        .toList();
        assertThat(spans).as("invocation spans").hasSize(1);
        return spans.get(0);
    }

    private static List<SpanData> attemptSpans(int expected) {
        List<SpanData> spans =
                otel.getSpans().stream()
                        .filter(span -> span.getKind() == SpanKind.CLIENT)
                        .sorted(
                                (a, b) ->
                                        Long.compare(
                                                longAttribute(a, InvocationTrace.ATTEMPT),
                                                longAttribute(b, InvocationTrace.ATTEMPT)))
                        .toList();
        assertThat(spans).as("attempt spans").hasSize(expected);
        return spans;
    }

    private static long longAttribute(SpanData span, String key) {
        Long value = span.getAttributes().get(AttributeKey.longKey(key));
        assertThat(value).as("attribute %s of %s", key, span.getName()).isNotNull();
        return value;
    }

    private static String traceparent(SpanData span) {
        return "00-"
                + span.getTraceId()
                + "-"
                + span.getSpanId()
                + "-"
                + span.getSpanContext().getTraceFlags().asHex();
    }

    private static String fromClientContext(String base64) {
        if (base64 == null) {
            return "no client context";
        }
        JsonObject context =
                JsonParser.parseString(
                                new String(
                                        Base64.getDecoder().decode(base64), StandardCharsets.UTF_8))
                        .getAsJsonObject();
        return context.getAsJsonObject("custom").get("traceparent").getAsString();
    }

    private static RetryPolicy policy() {
        return new RetryPolicy(
                Duration.ofMillis(5),
                Duration.ofMillis(50),
                2.0,
                0.1,
                3,
                Duration.ofSeconds(10),
                RetryPolicy.DEFAULT_RETRYABLE_STATUSES);
    }

    private static ToFunction request(int messages) {
        var batch =
                ToFunction.InvocationBatchRequest.newBuilder()
                        .setTarget(FunctionAddress.of("test", "traced", "a").toProto());
        for (int i = 0; i < messages; i++) {
            batch.addInvocations(
                    ToFunction.Invocation.newBuilder().setArgument(PrimitiveCodecs.intValue(i)));
        }
        return ToFunction.newBuilder().setInvocation(batch).build();
    }
}
