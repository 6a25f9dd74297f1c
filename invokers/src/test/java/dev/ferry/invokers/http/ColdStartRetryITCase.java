package dev.ferry.invokers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.invokers.InvocationFailedException;
import dev.ferry.invokers.RetryPolicy;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Knative service scaling from zero: the endpoint answers a cold-start status (as the activator
 * or ingress does) for a while, then replies. Within the cold-start budget those answers are
 * retried with back-off outside the retry policy's attempt limit; other statuses and a spent budget
 * fall to the ordinary policy. Also the Host header a shared ingress routes on.
 */
class ColdStartRetryITCase {
    private static final byte[] REPLY =
            FromFunction.newBuilder()
                    .setInvocationResult(FromFunction.InvocationResponse.getDefaultInstance())
                    .build()
                    .toByteArray();

    private static Vertx vertx;
    private static HttpServer server;
    private static final AtomicInteger requests = new AtomicInteger();
    private static volatile long coldUntilNanos;
    private static volatile int coldStatus;
    private static volatile String lastHost;

    private HttpInvoker invoker;

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
                                                            requests.incrementAndGet();
                                                            lastHost = request.getHeader("Host");
                                                            var response = request.response();
                                                            if (System.nanoTime()
                                                                    < coldUntilNanos) {
                                                                response.setStatusCode(coldStatus)
                                                                        .end("no ready instance");
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

    @AfterEach
    void closeInvoker() {
        if (invoker != null) {
            invoker.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {502, 503, 504})
    void coldStartAnswersAreRetriedBeyondTheAttemptLimit(int status) throws Exception {
        coldFor(status, Duration.ofMillis(1200));
        long start = System.nanoTime();

        FromFunction reply =
                invoker(2, Duration.ofSeconds(5)).invoke(request()).get(10, TimeUnit.SECONDS);

        assertThat(reply.hasInvocationResult()).isTrue();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(tookMillis).isBetween(1200L, 5000L);
        // 100 ms doubling to 1 s: a handful of attempts in 1.2 s, not a tight loop.
        assertThat(requests.get()).isBetween(3, 10);
    }

    @Test
    void withoutABudgetTheAttemptLimitHolds() {
        coldFor(503, Duration.ofSeconds(3));

        assertThatThrownBy(() -> invoker(2, null).invoke(request()).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(InvocationFailedException.class)
                .hasMessageContaining("HTTP 503");
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void otherStatusesDoNotUseTheBudget() {
        coldFor(500, Duration.ofSeconds(3));

        assertThatThrownBy(
                        () ->
                                invoker(2, Duration.ofSeconds(5))
                                        .invoke(request())
                                        .get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(InvocationFailedException.class)
                .hasMessageContaining("HTTP 500");
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void aSpentBudgetFallsToTheOrdinaryPolicy() {
        coldFor(503, Duration.ofSeconds(30));
        long start = System.nanoTime();

        assertThatThrownBy(
                        () ->
                                invoker(2, Duration.ofMillis(800))
                                        .invoke(request())
                                        .get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(InvocationFailedException.class)
                .hasMessageContaining("HTTP 503");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(tookMillis).isBetween(700L, 4000L);
    }

    @Test
    void theDeadlineCoversTheBudget() throws Exception {
        coldFor(503, Duration.ofMillis(1500));

        // The policy's own deadline (300 ms) is shorter than the cold start; the budget wins.
        FromFunction reply =
                invoker(0, Duration.ofSeconds(5), Duration.ofMillis(300))
                        .invoke(request())
                        .get(10, TimeUnit.SECONDS);

        assertThat(reply.hasInvocationResult()).isTrue();
    }

    @Test
    void aHostTemplateRoutesThroughASharedIngress() throws Exception {
        coldFor(503, Duration.ZERO);
        HttpEndpointConfig base =
                HttpEndpointConfig.of(
                        "http://127.0.0.1:" + server.actualPort() + "/{function.name}");
        invoker =
                HttpInvoker.create(
                        new HttpEndpointConfig(
                                base.urlPathTemplate(),
                                "{function.name}.shop.example.com",
                                base.connectTimeout(),
                                base.attemptTimeout(),
                                base.poolSize(),
                                base.poolTtl(),
                                base.maxRequestBytes(),
                                null,
                                base.retry(),
                                Duration.ofSeconds(5)));

        invoker.invoke(request()).get(10, TimeUnit.SECONDS);

        assertThat(lastHost).isEqualTo("cold.shop.example.com");
    }

    private static void coldFor(int status, Duration duration) {
        requests.set(0);
        coldStatus = status;
        coldUntilNanos = System.nanoTime() + duration.toNanos();
    }

    private HttpInvoker invoker(int maxAttempts, Duration budget) {
        return invoker(maxAttempts, budget, Duration.ofSeconds(20));
    }

    private HttpInvoker invoker(int maxAttempts, Duration budget, Duration deadline) {
        RetryPolicy policy =
                new RetryPolicy(
                        Duration.ofMillis(5),
                        Duration.ofMillis(50),
                        2.0,
                        0.1,
                        maxAttempts,
                        deadline,
                        RetryPolicy.DEFAULT_RETRYABLE_STATUSES);
        invoker =
                HttpInvoker.create(
                        HttpEndpointConfig.of(
                                        "http://127.0.0.1:"
                                                + server.actualPort()
                                                + "/{function.name}")
                                .withRetry(policy)
                                .withColdStartBudget(budget));
        return invoker;
    }

    private static ToFunction request() {
        return ToFunction.newBuilder()
                .setInvocation(
                        ToFunction.InvocationBatchRequest.newBuilder()
                                .setTarget(FunctionAddress.of("test", "cold", "a").toProto())
                                .addInvocations(
                                        ToFunction.Invocation.newBuilder()
                                                .setArgument(PrimitiveCodecs.intValue(1))))
                .build();
    }
}
