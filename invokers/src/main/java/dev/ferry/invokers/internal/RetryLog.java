package dev.ferry.invokers.internal;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns about the retries of one endpoint, at most one line per {@link #INTERVAL}: an endpoint that
 * fails under load retries thousands of times a second, and a line for each would bury the log. A
 * line says the endpoint, what failed, the attempt and the delay before the next one, and how many
 * retries since the last line were not logged.
 */
final class RetryLog {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingExecutor.class);

    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final String endpoint;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Consumer<String> sink;
    private long nextLineAt;
    private boolean logged;
    private int unlogged;

    RetryLog(String endpoint) {
        this(endpoint, INTERVAL, System::nanoTime, LOG::warn);
    }

    RetryLog(String endpoint, Duration interval, LongSupplier nanoClock, Consumer<String> sink) {
        this.endpoint = endpoint;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.sink = sink;
    }

    /**
     * A retry is scheduled.
     *
     * @param failure what failed the attempt
     * @param attempt the number of the attempt that failed, from 1
     * @param delay the wait before the next attempt
     * @param kind {@code "retry"}, or {@code "cold-start retry"} for the Knative allowance
     */
    void retrying(Throwable failure, int attempt, Duration delay, String kind) {
        String line;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (logged && now - nextLineAt < 0) {
                unlogged++;
                return;
            }
            line =
                    endpoint
                            + ": attempt "
                            + attempt
                            + " failed ("
                            + describe(failure)
                            + "); "
                            + kind
                            + " in "
                            + delay.toMillis()
                            + " ms"
                            + (unlogged == 0
                                    ? ""
                                    : "; "
                                            + unlogged
                                            + " more retries of this endpoint since the last line");
            logged = true;
            unlogged = 0;
            nextLineAt = now + intervalNanos;
        }
        sink.accept(line);
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "no reply";
        }
        String message = failure.getMessage();
        return failure instanceof AttemptFailure || message == null
                ? String.valueOf(message == null ? failure : message)
                : failure.getClass().getSimpleName() + ": " + message;
    }
}
