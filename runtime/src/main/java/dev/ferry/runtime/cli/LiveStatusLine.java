package dev.ferry.runtime.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status line of {@code ferry run} on a terminal: a {@link RunStatus} read once a second and
 * drawn in place on a {@link TerminalLine}.
 */
final class LiveStatusLine implements RunProgress {
    private static final Logger LOG = LoggerFactory.getLogger(LiveStatusLine.class);
    static final Duration REFRESH = Duration.ofSeconds(1);

    /**
     * How often Flink refreshes the metrics its REST endpoint serves (its default, 10 s, would
     * freeze the line for ten seconds at a time): the setting {@code ferry run} gives it for the
     * status line.
     */
    static final String FETCHER_INTERVAL_KEY = "metrics.fetcher.update-interval";

    static final String FETCHER_INTERVAL_MS = "500";

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    task -> {
                        Thread thread = new Thread(task, "ferry-status-line");
                        thread.setDaemon(true);
                        return thread;
                    });
    private final RunStatusReader reader;
    private final TerminalLine line;

    private LiveStatusLine(RunStatusReader reader, TerminalLine line) {
        this.reader = reader;
        this.line = line;
    }

    /** Starts drawing the status of {@code job} on {@code line}; {@link #close()} stops. */
    static LiveStatusLine start(LocalRestEndpoint rest, JobID job, TerminalLine line) {
        LiveStatusLine status = new LiveStatusLine(new RunStatusReader(rest, job), line);
        status.timer.scheduleWithFixedDelay(
                status::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        return status;
    }

    private void refresh() {
        try {
            line.draw(reader.read().render(line.width()));
        } catch (IOException e) {
            LOG.debug("Cannot read the run's status: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A surprise in one answer must not end the line for the rest of the run.
            LOG.debug("Cannot read the run's status", e);
        }
    }

    @Override
    public void close() {
        // Not shutdownNow(): an interrupted read drops its connection, and Flink's REST endpoint
        // logs a warning about that after the run's last line.
        timer.shutdown();
        try {
            timer.awaitTermination(6, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        line.finish();
    }
}
