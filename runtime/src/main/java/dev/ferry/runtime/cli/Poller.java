package dev.ferry.runtime.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read of the job's REST endpoint repeated at a fixed delay on a daemon thread of its own, for
 * {@code ferry run}'s status line and log lines; a failed read is logged at DEBUG and the next one
 * tries again.
 */
final class Poller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    /** One read; an IOException is a read the endpoint could not answer this time. */
    interface Poll {
        void run() throws IOException, InterruptedException;
    }

    private final ScheduledExecutorService executor;
    private final String name;

    private Poller(String name) {
        this.name = name;
        this.executor =
                Executors.newSingleThreadScheduledExecutor(
                        task -> {
                            Thread thread = new Thread(task, name);
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    /** Runs {@code poll} after {@code initialDelay}, then {@code interval} after each run. */
    static Poller start(String name, Duration initialDelay, Duration interval, Poll poll) {
        Poller poller = new Poller(name);
        poller.executor.scheduleWithFixedDelay(
                poller.guarded(poll),
                initialDelay.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return poller;
    }

    private Runnable guarded(Poll poll) {
        return () -> {
            try {
                poll.run();
            } catch (IOException e) {
                LOG.debug("{}: cannot read the job's REST endpoint: {}", name, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // A surprise in one answer must not end the polling for the rest of the run.
                LOG.debug("{}: cannot read the job's REST endpoint", name, e);
            }
        };
    }

    /**
     * Lets a read under way finish (it takes milliseconds, at most its 5 s timeout): interrupted,
     * it would drop its connection, and Flink's REST endpoint would log a warning about it after
     * the run's last line.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(6, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
