package dev.ferry.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ferry.adapters.aws.testing.LambdaFixture;
import dev.ferry.adapters.aws.testing.LambdaRuntimeProcess;
import dev.ferry.adapters.aws.testing.SdkFunctions;
import dev.ferry.invokers.AwsCredentials;
import dev.ferry.invokers.InvocationFailedException;
import dev.ferry.invokers.RetryPolicy;
import dev.ferry.invokers.lambda.LambdaEndpointConfig;
import dev.ferry.invokers.lambda.LambdaInvoker;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.testing.Requests;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The whole Lambda chain on loopback: Ferry's Lambda invoker (the AWS SDK's {@code
 * LambdaAsyncClient}) → {@link LambdaFixture} (Invoke API and Runtime API) → the real runtime
 * interface client in a child JVM → the adapter → StateFun SDK functions.
 */
class LambdaChainITCase {
    private static final FunctionAddress COUNTER = FunctionAddress.of("ferry.test", "counter", "a");

    private static final Path LOGS = Path.of("target", "lambda-runtime");
    private static LambdaFixture fixture;
    private static LambdaRuntimeProcess runtime;
    private static LambdaInvoker invoker;
    private static Duration coldStart;
    private static Duration init;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(LOGS);
        fixture = new LambdaFixture();
        invoker = LambdaInvoker.create(config());
        long started = System.nanoTime();
        runtime =
                LambdaRuntimeProcess.start(
                        fixture, SdkFunctions.class.getName(), LOGS.resolve("chain.log"));
        // Init (JVM, runtime interface client, the handler's constructor) ends at the first poll.
        await().atMost(Duration.ofSeconds(60)).until(() -> fixture.polls() > 0);
        init = Duration.ofNanos(System.nanoTime() - started);
        FromFunction first =
                invoker.invoke(Requests.batch(COUNTER, 0, 1)).get(60, TimeUnit.SECONDS);
        coldStart = Duration.ofNanos(System.nanoTime() - started);
        assertThat(first.hasInvocationResult()).isTrue();
        System.out.println(
                "Lambda chain: runtime init "
                        + init.toMillis()
                        + " ms, init + first invocation "
                        + coldStart.toMillis()
                        + " ms, of which the first invocation inside the runtime "
                        + fixture.functionTimes().get(0).toMillis()
                        + " ms");
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (invoker != null) {
            invoker.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void clear() {
        fixture.clear();
    }

    static LambdaEndpointConfig config() {
        return LambdaEndpointConfig.of("ferry-test")
                .withQualifier("live")
                .withEndpoint(
                        "us-east-1", fixture.endpoint(), AwsCredentials.staticKeys("test", "test"))
                .withTimeout(Duration.ofSeconds(20))
                .withRetry(RetryPolicy.defaults(Duration.ofSeconds(20)));
    }

    @Test
    void aBatchComesBackWithItsStateAndEgress() throws Exception {
        FromFunction reply =
                invoker.invoke(Requests.batch(COUNTER, 5, 1, 2, 3)).get(30, TimeUnit.SECONDS);

        FromFunction.InvocationResponse result = reply.getInvocationResult();
        assertThat(result.getStateMutationsList()).hasSize(1);
        assertThat(
                        PrimitiveCodecs.decodeInt(
                                result.getStateMutations(0)
                                        .getStateValue()
                                        .getValue()
                                        .toByteArray()))
                .isEqualTo(8);
        List<String> out = new ArrayList<>();
        result.getOutgoingEgressesList()
                .forEach(
                        e ->
                                out.add(
                                        PrimitiveCodecs.decodeString(
                                                e.getArgument().getValue().toByteArray())));
        assertThat(out).containsExactly("a 6", "a 7", "a 8");
        assertThat(fixture.invocations())
                .singleElement()
                .satisfies(
                        call -> {
                            assertThat(call.functionName()).isEqualTo("ferry-test");
                            assertThat(call.qualifier()).isEqualTo("live");
                        });
    }

    @Test
    void aMissingStateIsAskedFor() throws Exception {
        FromFunction reply =
                invoker.invoke(Requests.batch(COUNTER, null, 1)).get(30, TimeUnit.SECONDS);

        assertThat(reply.hasIncompleteInvocationContext()).isTrue();
        assertThat(reply.getIncompleteInvocationContext().getMissingValuesList())
                .singleElement()
                .satisfies(spec -> assertThat(spec.getStateName()).isEqualTo("count"));
    }

    @Test
    void throttlingIsRetriedAfterRetryAfter() throws Exception {
        fixture.throttleNext(1, 1);
        long started = System.nanoTime();

        FromFunction reply =
                invoker.invoke(Requests.batch(COUNTER, 0, 1)).get(30, TimeUnit.SECONDS);

        assertThat(reply.hasInvocationResult()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(fixture.invocations()).hasSize(2);
    }

    @Test
    void aFunctionErrorIsRetriedAndReportedWithItsTypeAndMessage() {
        try (LambdaInvoker twice =
                LambdaInvoker.create(config().withRetry(policy(2, Duration.ofSeconds(20))))) {
            FunctionAddress failing = FunctionAddress.of("ferry.test", "fail", "x");

            assertThatThrownBy(
                            () ->
                                    twice.invoke(Requests.batch(failing, null, 1))
                                            .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(InvocationFailedException.class)
                    .hasMessageContaining("ferry.test/fail:x")
                    .hasMessageContaining("Unhandled")
                    .hasMessageContaining("IllegalStateException")
                    .hasMessageContaining("boom for x")
                    .satisfies(
                            e ->
                                    assertThat(((InvocationFailedException) e).attempts())
                                            .isEqualTo(2));
        }
        assertThat(fixture.invocations()).hasSize(2);
    }

    @Test
    void anOversizeMessageIsAClearErrorAndNeverSent() {
        ToFunction request = Requests.withLargeState(COUNTER, 5 * 1024 * 1024);

        assertThatThrownBy(() -> invoker.invoke(request).get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(InvocationFailedException.class)
                .hasMessageContaining("ferry.test/counter:a")
                .hasMessageContaining("6291456")
                .hasMessageContaining("bytes of state")
                .satisfies(e -> assertThat(((InvocationFailedException) e).retryable()).isFalse());
        assertThat(fixture.invocations()).isEmpty();
        assertThat((long) request.getSerializedSize()).isGreaterThan(invoker.maxRequestBytes());
    }

    @Test
    void aPayloadOverLambdasLimitIsNotRetried() {
        try (LambdaInvoker tooGenerous =
                LambdaInvoker.create(config().withMaxRequestBytes(16L * 1024 * 1024))) {
            ToFunction request = Requests.withLargeState(COUNTER, 5 * 1024 * 1024);

            assertThatThrownBy(() -> tooGenerous.invoke(request).get(30, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(InvocationFailedException.class)
                    .hasMessageContaining("413")
                    .hasMessageContaining("RequestTooLargeException")
                    .satisfies(
                            e ->
                                    assertThat(((InvocationFailedException) e).attempts())
                                            .isEqualTo(1));
        }
    }

    @Test
    void aRequestUnderTheLimitGoesThroughWhole() throws Exception {
        // A request just under the size the invoker announces goes out in one Invoke call.
        int state = (int) invoker.maxRequestBytes() - 100;
        while (Requests.withLargeState(COUNTER, state).getSerializedSize()
                > invoker.maxRequestBytes()) {
            state--;
        }
        FromFunction reply =
                invoker.invoke(Requests.withLargeState(COUNTER, state)).get(30, TimeUnit.SECONDS);

        // The counter does not know the blob state and asks for its own: it did get the request.
        assertThat(reply.hasIncompleteInvocationContext()).isTrue();
        assertThat(fixture.invocations().get(0).payloadBytes())
                .isLessThanOrEqualTo((int) LambdaFixture.PAYLOAD_LIMIT);
    }

    @Test
    void aSlowFunctionTimesOut() {
        try (LambdaInvoker impatient =
                LambdaInvoker.create(
                        config().withTimeout(Duration.ofMillis(500))
                                .withRetry(policy(1, Duration.ofSeconds(5))))) {
            FunctionAddress sleeper = FunctionAddress.of("ferry.test", "sleep", "z");
            long started = System.nanoTime();

            assertThatThrownBy(
                            () ->
                                    impatient
                                            .invoke(Requests.batch(sleeper, null, 1500))
                                            .get(30, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(InvocationFailedException.class)
                    .hasMessageContaining("ferry.test/sleep:z");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofMillis(1400));
        }
    }

    @Test
    void aLongFunctionIsNotCutShort() throws Exception {
        // A function that runs for a while is waited for (the SDK's read timeout follows the
        // endpoint's timeout, 20 s here).
        FunctionAddress sleeper = FunctionAddress.of("ferry.test", "sleep", "long");
        FromFunction reply =
                invoker.invoke(Requests.batch(sleeper, null, 2000)).get(30, TimeUnit.SECONDS);
        assertThat(reply.hasInvocationResult()).isTrue();
    }

    @Test
    void aFunctionUrlEventIsAnsweredInKind() throws Exception {
        byte[] event;
        try (InputStream in = getClass().getResourceAsStream("/events/function-url.json")) {
            event = in.readAllBytes();
        }
        try (LambdaAsyncClient client =
                LambdaAsyncClient.builder()
                        .endpointOverride(URI.create(fixture.endpoint()))
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create("test", "test")))
                        .build()) {
            InvokeResponse response =
                    client.invoke(
                                    r ->
                                            r.functionName("ferry-test")
                                                    .payload(SdkBytes.fromByteArray(event)))
                            .get(30, TimeUnit.SECONDS);

            assertThat(response.functionError()).isNull();
            JsonObject answer =
                    JsonParser.parseString(response.payload().asUtf8String()).getAsJsonObject();
            assertThat(answer.get("statusCode").getAsInt()).isEqualTo(200);
            assertThat(answer.get("isBase64Encoded").getAsBoolean()).isTrue();
            assertThat(answer.getAsJsonObject("headers").get("content-type").getAsString())
                    .isEqualTo("application/octet-stream");
            FromFunction reply =
                    FromFunction.parseFrom(
                            Base64.getDecoder().decode(answer.get("body").getAsString()));
            assertThat(
                            dev.ferry.protocol.PrimitiveCodecs.decodeString(
                                    reply.getInvocationResult()
                                            .getOutgoingEgresses(0)
                                            .getArgument()
                                            .getValue()
                                            .toByteArray()))
                    .isEqualTo("url 42");
        }
    }

    @Test
    void theConcurrencyCapHoldsInvocationsBack() throws Exception {
        try (LambdaInvoker capped = LambdaInvoker.create(config().withMaxConcurrency(2))) {
            List<java.util.concurrent.CompletableFuture<FromFunction>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                FunctionAddress sleeper = FunctionAddress.of("ferry.test", "sleep", "c" + i);
                calls.add(capped.invoke(Requests.batch(sleeper, null, 50)));
            }
            for (var call : calls) {
                assertThat(call.get(30, TimeUnit.SECONDS).hasInvocationResult()).isTrue();
            }
        }
        assertThat(fixture.invocations()).hasSize(8);
        assertThat(fixture.maxInFlight()).isEqualTo(2);
    }

    @Test
    void roundTripLatency() throws Exception {
        int rounds = 200;
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long started = System.nanoTime();
            invoker.invoke(Requests.batch(COUNTER, i, 1)).get(30, TimeUnit.SECONDS);
            micros.add((System.nanoTime() - started) / 1000);
        }
        Collections.sort(micros);
        List<Duration> inside = new ArrayList<>(fixture.functionTimes());
        Collections.sort(inside);
        System.out.printf(
                "Lambda chain round trip over %d calls: p50 %.2f ms, p99 %.2f ms (inside the"
                        + " runtime: p50 %.2f ms); cold start %d ms%n",
                rounds,
                micros.get(rounds / 2) / 1000.0,
                micros.get(rounds * 99 / 100) / 1000.0,
                inside.get(inside.size() / 2).toNanos() / 1e6,
                coldStart.toMillis());
        assertThat(micros.get(rounds / 2)).isLessThan(200_000);
    }

    private static RetryPolicy policy(int attempts, Duration deadline) {
        return new RetryPolicy(
                Duration.ofMillis(10),
                Duration.ofMillis(100),
                2,
                0.2,
                attempts,
                deadline,
                RetryPolicy.DEFAULT_RETRYABLE_STATUSES);
    }
}
