package dev.ferry.runtime.cli;

import java.io.IOException;
import java.time.Duration;

/**
 * The status line of {@code ferry run} on a terminal: a {@link RunStatus} read once a second and
 * drawn in place on a {@link TerminalLine}.
 */
final class LiveStatusLine implements RunProgress {
    static final Duration REFRESH = Duration.ofSeconds(1);

    /**
     * How often Flink refreshes the metrics its REST endpoint serves (its default, 10 s, would
     * freeze the line for ten seconds at a time): the setting {@code ferry run} gives it for the
     * status line.
     */
    static final String FETCHER_INTERVAL_KEY = "metrics.fetcher.update-interval";

    static final String FETCHER_INTERVAL_MS = "500";

    private final RunStatusReader reader;
    private final TerminalLine line;
    private Poller poller;

    private LiveStatusLine(RunStatusReader reader, TerminalLine line) {
        this.reader = reader;
        this.line = line;
    }

    /** Starts drawing the status of the job on {@code line}; {@link #close()} stops. */
    static LiveStatusLine start(JobRestClient rest, TerminalLine line) {
        LiveStatusLine status = new LiveStatusLine(new RunStatusReader(rest), line);
        status.poller = Poller.start("ferry-status-line", Duration.ZERO, REFRESH, status::refresh);
        return status;
    }

    private void refresh() throws IOException, InterruptedException {
        line.draw(reader.read().render(line.width()));
    }

    @Override
    public void close() {
        poller.close();
        line.finish();
    }
}
