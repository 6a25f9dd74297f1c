package dev.ferry.invokers.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.invokers.RetryPolicy;
import dev.ferry.invokers.lambda.internal.ConcurrencyLimit;
import dev.ferry.invokers.lambda.internal.LambdaFailures;
import dev.ferry.protocol.envelope.LambdaHttpEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LambdaInvokerTest {

    @Test
    void theAnnouncedMessageSizeFitsTheEventLimitWithBase64() {
        for (long limit : new long[] {6L * 1024 * 1024, 1_000_000, 4096, 1001, 1002, 1003}) {
            long max = LambdaInvoker.maxMessageBytes(limit);
            int event =
                    LambdaHttpEvents.encodeRequest(LambdaInvoker.EVENT_PATH, new byte[(int) max])
                            .length;
            int larger =
                    LambdaHttpEvents.encodeRequest(
                                    LambdaInvoker.EVENT_PATH, new byte[(int) max + 3])
                            .length;
            assertThat(event)
                    .as("event of the largest message under %d", limit)
                    .isLessThanOrEqualTo((int) limit);
            assertThat(larger)
                    .as("3 bytes more no longer fit under %d", limit)
                    .isGreaterThan((int) limit);
        }
    }

    @Test
    void theRequestLimitIsDescribedWithTheSettingItComesFrom() {
        LambdaEndpointConfig config =
                LambdaEndpointConfig.of("fn")
                        .withEndpoint(
                                "us-east-1",
                                "http://127.0.0.1:9",
                                AwsCredentials.staticKeys("id", "secret"));
        try (LambdaInvoker invoker = LambdaInvoker.create(config)) {
            assertThat(invoker.describeRequestLimit())
                    .startsWith(
                            String.format(
                                    java.util.Locale.ROOT, "%,d bytes", invoker.maxRequestBytes()))
                    .contains("maxRequestBytes of 6,291,456")
                    .contains("base64");
        }
    }

    @Test
    void aLambdaErrorIsDescribedByItsTypeAndMessage() {
        byte[] payload =
                "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\",\"stackTrace\":[]}"
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(LambdaFailures.describeError(payload))
                .isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(LambdaFailures.describeError("not json".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("not json");
    }

    @Test
    void theConfigurationKeepsToLambdasBounds() {
        LambdaEndpointConfig config = LambdaEndpointConfig.of("fn");
        assertThat(config.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.withTimeout(Duration.ofSeconds(900)).timeout())
                .isEqualTo(Duration.ofSeconds(900));
        assertThatThrownBy(() -> config.withTimeout(Duration.ofSeconds(901)))
                .hasMessageContaining("at most PT15M");
        assertThatThrownBy(
                        () -> config.withEndpoint("us-east-1", "localhost:1", config.credentials()))
                .hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(
                        () ->
                                new AwsCredentials(
                                                AwsCredentials.Type.STATIC,
                                                "id",
                                                null,
                                                null,
                                                null,
                                                null,
                                                null,
                                                null,
                                                null)
                                        .requireComplete())
                .hasMessageContaining("accessKeyId and secretAccessKey");
        assertThat(AwsCredentials.staticKeys("id", "secret").toString()).doesNotContain("secret");
        assertThat(config.withRetry(RetryPolicy.defaults(Duration.ofSeconds(1))).retry().deadline())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theConcurrencyCapQueuesInArrivalOrder() {
        ConcurrencyLimit limit = new ConcurrencyLimit(2);
        List<CompletableFuture<Integer>> running = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            results.add(
                    limit.submit(
                            () -> {
                                started.add(n);
                                CompletableFuture<Integer> task = new CompletableFuture<>();
                                running.add(task);
                                return task;
                            }));
        }
        assertThat(started).containsExactly(0, 1);
        assertThat(limit.running()).isEqualTo(2);
        running.get(1).complete(1);
        assertThat(started).containsExactly(0, 1, 2);
        running.get(0).completeExceptionally(new IllegalStateException("x"));
        running.get(2).complete(2);
        assertThat(started).containsExactly(0, 1, 2, 3, 4);
        running.get(3).complete(3);
        running.get(4).complete(4);
        assertThat(limit.running()).isZero();
        assertThat(results.get(0)).isCompletedExceptionally();
        assertThat(results.get(4)).isCompletedWithValue(4);
    }

    @Test
    void noCapRunsEverythingAtOnce() {
        ConcurrencyLimit limit = new ConcurrencyLimit(0);
        CompletableFuture<Integer> never = new CompletableFuture<>();
        for (int i = 0; i < 100; i++) {
            limit.submit(() -> never);
        }
        assertThat(limit.submit(() -> CompletableFuture.completedFuture(7)))
                .isCompletedWithValue(7);
    }
}
