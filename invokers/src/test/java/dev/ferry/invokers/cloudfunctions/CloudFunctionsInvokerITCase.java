package dev.ferry.invokers.cloudfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.InvocationFailedException;
import dev.ferry.invokers.RetryPolicy;
import dev.ferry.invokers.cloudfunctions.GuardedFunctionServer.Answer;
import dev.ferry.invokers.http.HttpEndpointConfig;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.testing.CounterFunctions;
import dev.ferry.protocol.testing.Requests;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Cloud Functions invoker offline: ID tokens from a locally generated service-account key and a
 * local token endpoint, presented to a server that checks them as the platform's front does.
 */
class CloudFunctionsInvokerITCase {

    @TempDir static Path keys;
    private static LocalTokenServer tokenServer;
    private static GuardedFunctionServer functions;
    private static Path keyFile;

    private CloudFunctionsInvoker invoker;

    @BeforeAll
    static void start() throws Exception {
        tokenServer = new LocalTokenServer();
        keyFile = tokenServer.writeKeyFile(keys);
        functions = new GuardedFunctionServer(new CounterFunctions().get());
    }

    @AfterAll
    static void stop() throws Exception {
        functions.close();
        tokenServer.close();
    }

    @BeforeEach
    void reset() {
        tokenServer.reset();
        functions.reset();
    }

    @AfterEach
    void closeInvoker() {
        if (invoker != null) {
            invoker.close();
        }
    }

    private CloudFunctionsInvoker invoker(CloudFunctionsEndpointConfig config) {
        invoker = CloudFunctionsInvoker.create(config);
        return invoker;
    }

    private static CloudFunctionsEndpointConfig config(Duration deadline) {
        RetryPolicy policy =
                new RetryPolicy(
                        Duration.ofMillis(5),
                        Duration.ofMillis(100),
                        2.0,
                        0.2,
                        0,
                        deadline,
                        RetryPolicy.DEFAULT_RETRYABLE_STATUSES);
        return CloudFunctionsEndpointConfig.of(
                HttpEndpointConfig.of(functions.url("/{function.name}")).withRetry(policy),
                CloudFunctionsEndpointConfig.Credentials.keyFile(keyFile.toString()));
    }

    @Test
    void presentsAnIdTokenForTheFunctionUrlAndReusesItWhileValid() throws Exception {
        String url = functions.url("/counter");
        functions.expectAudience(url);
        CloudFunctionsInvoker cf = invoker(config(Duration.ofSeconds(10)));

        assertThat(Requests.newCount(cf.invoke(request("a", 41, 1)).get(10, TimeUnit.SECONDS)))
                .isEqualTo(42);
        assertThat(Requests.newCount(cf.invoke(request("b", 1, 1)).get(10, TimeUnit.SECONDS)))
                .isEqualTo(2);

        assertThat(tokenServer.audiences())
                .as("one token fetched, for the URL")
                .containsExactly(url);
        assertThat(functions.tokens())
                .hasSize(2)
                .allSatisfy(
                        claims -> {
                            assertThat(claims.getString("aud")).isEqualTo(url);
                            assertThat(claims.getString("email"))
                                    .isEqualTo(LocalTokenServer.CLIENT_EMAIL);
                        });
    }

    @Test
    void concurrentRequestsWaitForOneTokenFetch() throws Exception {
        CloudFunctionsInvoker cf = invoker(config(Duration.ofSeconds(10)));

        List<CompletableFuture<FromFunction>> replies = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            replies.add(cf.invoke(request("c" + i, i, 1)));
        }
        for (int i = 0; i < 64; i++) {
            assertThat(Requests.newCount(replies.get(i).get(10, TimeUnit.SECONDS)))
                    .isEqualTo(i + 1);
        }

        assertThat(tokenServer.audiences()).hasSize(1);
        assertThat(functions.tokens()).hasSize(64);
    }

    @Test
    void theConfiguredAudienceReplacesTheUrl() throws Exception {
        functions.expectAudience("https://counter-abc.a.run.app");
        CloudFunctionsInvoker cf =
                invoker(
                        config(Duration.ofSeconds(10))
                                .withAudience("https://counter-abc.a.run.app"));

        cf.invoke(request("a", 0, 1)).get(10, TimeUnit.SECONDS);

        assertThat(tokenServer.audiences()).containsExactly("https://counter-abc.a.run.app");
    }

    @Test
    void refreshesTheTokenBeforeItExpires() throws Exception {
        tokenServer.lifetimeSeconds(3);
        CloudFunctionsInvoker cf =
                invoker(config(Duration.ofSeconds(10)).withRefreshMargin(Duration.ofSeconds(1)));

        cf.invoke(request("a", 0, 1)).get(10, TimeUnit.SECONDS);
        cf.invoke(request("a", 1, 1)).get(10, TimeUnit.SECONDS);
        assertThat(tokenServer.audiences()).hasSize(1);

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            cf.invoke(request("a", 0, 1)).get(10, TimeUnit.SECONDS);
                            return tokenServer.audiences().size() >= 2;
                        });
        long now = System.currentTimeMillis() / 1000;
        JsonObject last = functions.tokens().get(functions.tokens().size() - 1);
        // The server refuses expired tokens with 401, which is not retried: every invocation
        // above succeeding means none went out with an expired token.
        assertThat(last.getLong("exp")).as("a fresh token in use").isGreaterThan(now);
    }

    @Test
    void aRefusedTokenIsNotRetriedAndTheErrorNamesIdentityAndAudience() {
        functions.expectAudience("https://somewhere-else.example");
        CloudFunctionsInvoker cf = invoker(config(Duration.ofSeconds(10)));

        InvocationFailedException failure = failure(cf.invoke(request("a", 0, 1)));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(failure.getMessage())
                .contains("HTTP 401")
                .contains(LocalTokenServer.CLIENT_EMAIL)
                .contains("audience " + functions.url("/counter"));
    }

    @Test
    void forbiddenNamesTheMissingRole() {
        functions.enqueue(new Answer(403, "Forbidden"));
        CloudFunctionsInvoker cf = invoker(config(Duration.ofSeconds(10)));

        InvocationFailedException failure = failure(cf.invoke(request("a", 0, 1)));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage())
                .contains("HTTP 403")
                .contains(LocalTokenServer.CLIENT_EMAIL)
                .contains("roles/run.invoker");
    }

    @Test
    void scalingOutAnswersAreRetried() throws Exception {
        functions.enqueue(
                new Answer(429, "Rate exceeded."),
                new Answer(500, "The request was aborted because there was no available instance."),
                new Answer(503, "Service Unavailable"));
        CloudFunctionsInvoker cf = invoker(config(Duration.ofSeconds(10)));

        assertThat(Requests.newCount(cf.invoke(request("a", 6, 1)).get(10, TimeUnit.SECONDS)))
                .isEqualTo(7);
        assertThat(functions.tokens()).hasSize(4);
        assertThat(tokenServer.audiences()).hasSize(1);
    }

    @Test
    void aTokenEndpointRefusalIsAClearPermanentError() {
        tokenServer.refuseWith(400);
        CloudFunctionsInvoker cf = invoker(config(Duration.ofSeconds(10)));

        InvocationFailedException failure = failure(cf.invoke(request("a", 0, 1)));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage())
                .contains("could not get an ID token")
                .contains(LocalTokenServer.CLIENT_EMAIL)
                .contains(functions.url("/counter"));
        assertThat(functions.tokens()).isEmpty();
    }

    @Test
    void aMissingKeyFileIsAClearPermanentError() {
        CloudFunctionsInvoker cf =
                invoker(
                        CloudFunctionsEndpointConfig.of(
                                HttpEndpointConfig.of(functions.url("/{function.name}")),
                                CloudFunctionsEndpointConfig.Credentials.keyFile(
                                        keys.resolve("missing.json").toString())));

        InvocationFailedException failure = failure(cf.invoke(request("a", 0, 1)));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("key file not found").contains("missing.json");
    }

    @Test
    void aSingleMessageOverTheLimitIsAClearErrorWithoutARequest() {
        CloudFunctionsInvoker cf = invoker(config(Duration.ofSeconds(10)));
        CloudFunctionsInvoker small =
                CloudFunctionsInvoker.create(
                        new CloudFunctionsEndpointConfig(
                                config(Duration.ofSeconds(10)).http().withMaxRequestBytes(1024),
                                null,
                                CloudFunctionsEndpointConfig.Credentials.keyFile(
                                        keyFile.toString()),
                                CloudFunctionsEndpointConfig.DEFAULT_REFRESH_MARGIN));
        try {
            assertThat(cf.maxRequestBytes()).isEqualTo(32L * 1024 * 1024);
            assertThat(small.maxRequestBytes()).isEqualTo(1024);
            ToFunction big =
                    request("a", 0, 1).toBuilder()
                            .setInvocation(
                                    request("a", 0, 1).getInvocation().toBuilder()
                                            .addInvocations(
                                                    ToFunction.Invocation.newBuilder()
                                                            .setArgument(
                                                                    PrimitiveCodecs.stringValue(
                                                                            "x".repeat(2000)))))
                            .build();

            InvocationFailedException failure = failure(small.invoke(big));

            assertThat(failure.retryable()).isFalse();
            assertThat(failure.attempts()).isZero();
            assertThat(failure.getMessage()).contains("over the endpoint's limit of 1,024 bytes");
            assertThat(functions.tokens()).isEmpty();
        } finally {
            small.close();
        }
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
}
