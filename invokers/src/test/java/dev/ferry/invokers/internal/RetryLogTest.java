package dev.ferry.invokers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Retry warnings: what one says, and at most one per interval and endpoint with a count. */
class RetryLogTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> lines = new ArrayList<>();
    private final RetryLog log =
            new RetryLog(
                    "Lambda function ferry-counter", Duration.ofSeconds(10), now::get, lines::add);

    @Test
    void aLineNamesEndpointFailureAttemptAndNextDelay() {
        log.retrying(
                new AttemptFailure("answered HTTP 503", true, null, null, 503),
                2,
                Duration.ofMillis(40),
                "retry");

        assertThat(lines)
                .containsExactly(
                        "Lambda function ferry-counter: attempt 2 failed (answered HTTP 503);"
                                + " retry in 40 ms");
    }

    @Test
    void retriesWithinTheIntervalAreCountedInTheNextLine() {
        log.retrying(AttemptFailure.retryable("busy"), 1, Duration.ofMillis(10), "retry");
        for (int i = 0; i < 5; i++) {
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            log.retrying(AttemptFailure.retryable("busy"), 2, Duration.ofMillis(20), "retry");
        }
        assertThat(lines).hasSize(1);

        now.addAndGet(Duration.ofSeconds(6).toNanos());
        log.retrying(new IOException("Connection refused"), 3, Duration.ofMillis(40), "retry");

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1))
                .isEqualTo(
                        "Lambda function ferry-counter: attempt 3 failed (IOException: Connection"
                                + " refused); retry in 40 ms; 5 more retries of this endpoint"
                                + " since the last line");
    }
}
