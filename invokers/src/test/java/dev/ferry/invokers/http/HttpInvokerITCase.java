package dev.ferry.invokers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.invokers.InvocationFailedException;
import dev.ferry.invokers.RetryPolicy;
import dev.ferry.invokers.http.SdkFunctionServer.Fault;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.testing.CounterFunctions;
import dev.ferry.protocol.testing.Requests;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP invoker against functions written with the official SDK, over loopback. */
class HttpInvokerITCase {
    private static SdkFunctionServer server;

    private HttpInvoker invoker;

    @BeforeAll
    static void startServer() throws Exception {
        server = new SdkFunctionServer(new CounterFunctions().get());
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void clearFaults() {
        // A test that ends before its faults are used must not leak them into the next one.
        server.clearFaults();
    }

    @AfterEach
    void closeInvoker() {
        if (invoker != null) {
            invoker.close();
        }
    }

    private HttpInvoker invoker(Duration deadline) {
        RetryPolicy policy =
                new RetryPolicy(
                        Duration.ofMillis(5),
                        Duration.ofMillis(100),
                        2.0,
                        0.1,
                        0,
                        deadline,
                        RetryPolicy.DEFAULT_RETRYABLE_STATUSES);
        invoker =
                HttpInvoker.create(
                        HttpEndpointConfig.of(server.url("http", "/{function.name}"))
                                .withRetry(policy));
        return invoker;
    }

    private static ToFunction request(String id, int current, int add) {
        return Requests.batch(FunctionAddress.of("test", "counter", id), current, add);
    }

    private static InvocationFailedException failure(CompletableFuture<?> future) {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(InvocationFailedException.class);
            return (InvocationFailedException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the invocation succeeded");
    }

    @Test
    void roundTripsThroughAnSdkFunction() throws Exception {
        FromFunction reply =
                invoker(Duration.ofSeconds(10))
                        .invoke(request("a", 41, 1))
                        .get(10, TimeUnit.SECONDS);
        assertThat(Requests.newCount(reply)).isEqualTo(42);
    }

    @Test
    void retriesServerErrorsUntilSuccess() throws Exception {
        HttpInvoker http = invoker(Duration.ofSeconds(10));
        int before = server.requests();
        server.enqueue(Fault.STATUS_500, Fault.STATUS_500);
        FromFunction reply = http.invoke(request("b", 1, 1)).get(10, TimeUnit.SECONDS);
        assertThat(Requests.newCount(reply)).isEqualTo(2);
        assertThat(server.requests() - before).isEqualTo(3);
    }

    @Test
    void honoursRetryAfterOnThrottling() throws Exception {
        HttpInvoker http = invoker(Duration.ofSeconds(10));
        server.arrivals().clear();
        server.enqueue(Fault.STATUS_429_RETRY_AFTER_1S);
        http.invoke(request("c", 0, 5)).get(10, TimeUnit.SECONDS);
        List<Long> arrivals = new ArrayList<>(server.arrivals());
        assertThat(arrivals).hasSize(2);
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0)))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRetryAfterOfZeroFallsBackToTheBackoff() throws Exception {
        HttpInvoker http = invoker(Duration.ofSeconds(10));
        int before = server.requests();
        server.enqueue(Fault.STATUS_503_RETRY_AFTER_0, Fault.STATUS_503_RETRY_AFTER_0);
        http.invoke(request("z", 0, 2)).get(10, TimeUnit.SECONDS);
        assertThat(server.requests() - before).isEqualTo(3);
    }

    @Test
    void doesNotRetryAClientError() {
        HttpInvoker http = invoker(Duration.ofSeconds(10));
        int before = server.requests();
        server.enqueue(Fault.STATUS_404);
        InvocationFailedException failure = failure(http.invoke(request("d", 0, 1)));
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(failure.getMessage()).contains("HTTP 404").contains("test/counter:d");
        assertThat(server.requests() - before).isEqualTo(1);
    }

    @Test
    void aWrongContentTypeIsRetriedThenReportedAtTheDeadline() {
        // 2 s, not less: on a loaded machine the first attempt alone took over 400 ms, and the
        // test is about the second attempt and the deadline's report.
        HttpInvoker http = invoker(Duration.ofSeconds(2));
        for (int i = 0; i < 200; i++) {
            server.enqueue(Fault.WRONG_CONTENT_TYPE);
        }
        InvocationFailedException failure = failure(http.invoke(request("e", 0, 1)));
        assertThat(failure.attempts()).isGreaterThan(1);
        assertThat(failure.getMessage()).contains("within the deadline");
        assertThat(failure.getCause()).isNotNull();
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinTheBudget() {
        HttpInvoker http = invoker(Duration.ofMillis(500));
        for (int i = 0; i < 50; i++) {
            server.enqueue(Fault.NO_ANSWER);
        }
        long start = System.nanoTime();
        InvocationFailedException failure = failure(http.invoke(request("f", 0, 1)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(failure.getMessage()).contains("deadline");
    }

    @Test
    void refusesAnOversizeRequestWithoutCallingTheServer() {
        invoker =
                HttpInvoker.create(
                        HttpEndpointConfig.of(server.url("http", "/{function.name}"))
                                .withMaxRequestBytes(64));
        int before = server.requests();
        ToFunction big =
                request("g", 0, 1).toBuilder()
                        .setInvocation(
                                request("g", 0, 1).getInvocation().toBuilder()
                                        .addState(
                                                ToFunction.PersistedValue.newBuilder()
                                                        .setStateName("blob")
                                                        .setStateValue(
                                                                PrimitiveCodecs.stringValue(
                                                                        "x".repeat(100)))))
                        .build();
        InvocationFailedException failure = failure(invoker.invoke(big));
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage())
                .contains("test/counter:g")
                .contains("over the endpoint's limit of 64 bytes");
        assertThat(server.requests()).isEqualTo(before);
    }

    @Test
    void decodesGzipReplies() throws Exception {
        HttpInvoker http = invoker(Duration.ofSeconds(10));
        server.enqueue(Fault.GZIP);
        assertThat(Requests.newCount(http.invoke(request("h", 10, 10)).get(10, TimeUnit.SECONDS)))
                .isEqualTo(20);
    }

    @Test
    void manyConcurrentInvocationsShareThePool() throws Exception {
        HttpInvoker http = invoker(Duration.ofSeconds(30));
        List<CompletableFuture<FromFunction>> replies = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            replies.add(http.invoke(request("k" + i, i, 1)));
        }
        CompletableFuture.allOf(replies.toArray(new CompletableFuture[0]))
                .get(30, TimeUnit.SECONDS);
        for (int i = 0; i < 500; i++) {
            assertThat(Requests.newCount(replies.get(i).get())).isEqualTo(i + 1);
        }
    }

    @Test
    void retryPolicyRejectsNonsense() {
        assertThatThrownBy(
                        () ->
                                new RetryPolicy(
                                        Duration.ZERO,
                                        Duration.ofSeconds(1),
                                        2,
                                        0,
                                        0,
                                        Duration.ofSeconds(1),
                                        Set.of()))
                .hasMessageContaining("initialBackoff");
        assertThatThrownBy(
                        () ->
                                new RetryPolicy(
                                        Duration.ofMillis(1),
                                        Duration.ofSeconds(1),
                                        2,
                                        1.5,
                                        0,
                                        Duration.ofSeconds(1),
                                        Set.of()))
                .hasMessageContaining("jitter");
    }
}
