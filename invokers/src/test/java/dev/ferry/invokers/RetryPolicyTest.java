package dev.ferry.invokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void defaultsAreStateFunLike() {
        RetryPolicy policy = RetryPolicy.defaults(Duration.ofMinutes(2));
        assertThat(policy.initialBackoff()).isEqualTo(Duration.ofMillis(10));
        assertThat(policy.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.multiplier()).isEqualTo(2.0);
        assertThat(policy.jitter()).isEqualTo(0.2);
        assertThat(policy.maxAttempts()).isZero();
        assertThat(policy.deadline()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void retriesStateFunsStatusesAndEveryServerError() {
        RetryPolicy policy = RetryPolicy.defaults(Duration.ofSeconds(1));
        for (int status : new int[] {408, 409, 420, 429, 499, 500, 502, 503, 504, 599}) {
            assertThat(policy.isRetryableStatus(status)).as("status %d", status).isTrue();
        }
        for (int status : new int[] {400, 401, 403, 404, 413, 422}) {
            assertThat(policy.isRetryableStatus(status)).as("status %d", status).isFalse();
        }
    }

    @Test
    void rejectsInconsistentValues() {
        Duration ms = Duration.ofMillis(1);
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new RetryPolicy(s, ms, 2, 0, 0, s, Set.of()))
                .hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> new RetryPolicy(ms, s, 0.5, 0, 0, s, Set.of()))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new RetryPolicy(ms, s, 2, -0.1, 0, s, Set.of()))
                .hasMessageContaining("jitter");
        assertThatThrownBy(() -> new RetryPolicy(ms, s, 2, 0, -1, s, Set.of()))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(ms, s, 2, 0, 0, Duration.ZERO, Set.of()))
                .hasMessageContaining("deadline");
    }

    @Test
    void backoffGrowsByTheMultiplierFromTheInitialBackoffUpToTheCap() {
        RetryPolicy policy =
                new RetryPolicy(
                        Duration.ofMillis(10),
                        Duration.ofMillis(100),
                        3,
                        0.2,
                        0,
                        Duration.ofSeconds(1),
                        Set.of());
        double noSpread = 0.5;

        assertThat(policy.backoff(1, noSpread)).isEqualTo(Duration.ofMillis(10));
        assertThat(policy.backoff(2, noSpread)).isEqualTo(Duration.ofMillis(30));
        assertThat(policy.backoff(3, noSpread)).isEqualTo(Duration.ofMillis(90));
        assertThat(policy.backoff(4, noSpread)).as("capped").isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(1_000, noSpread)).as("capped").isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void backoffIsSpreadBothWaysByTheJitterAndNeverUnderOneMillisecond() {
        RetryPolicy policy =
                new RetryPolicy(
                        Duration.ofMillis(100),
                        Duration.ofSeconds(1),
                        2,
                        0.2,
                        0,
                        Duration.ofSeconds(10),
                        Set.of());
        RetryPolicy tiny =
                new RetryPolicy(
                        Duration.ofNanos(1),
                        Duration.ofNanos(1),
                        2,
                        1,
                        0,
                        Duration.ofSeconds(10),
                        Set.of());

        assertThat(policy.backoff(1, 0)).isEqualTo(Duration.ofMillis(80));
        assertThat(policy.backoff(1, 0.999999)).isEqualTo(Duration.ofMillis(120));
        for (int i = 0; i < 1_000; i++) {
            assertThat(policy.backoff(2)).isBetween(Duration.ofMillis(160), Duration.ofMillis(240));
        }
        assertThat(tiny.backoff(1, 0)).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        RetryPolicy policy = RetryPolicy.defaults(Duration.ofSeconds(30));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(policy);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(policy);
        }
    }
}
