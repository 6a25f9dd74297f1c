package dev.ferry.runtime.cli;

import java.io.IOException;
import java.io.PrintStream;
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
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private Poller poller;

    private LiveStatusLine(RunStatusReader reader, TerminalLine line) {
        this.reader = reader;
        this.line = line;
    }

    /**
     * Starts drawing the status of the job on {@code line}, with what the process prints on its
     * standard output and error meanwhile going above it; {@link #close()} stops.
     */
    static LiveStatusLine start(JobRestClient rest, TerminalLine line) {
        LiveStatusLine status = new LiveStatusLine(new RunStatusReader(rest), line);
        // The logging configuration's console appender follows System.err; the print egress
        // writes to System.out.
        System.setOut(LinesAboveStatus.over(line, status.originalOut));
        System.setErr(LinesAboveStatus.over(line, status.originalErr));
        status.poller = Poller.start("ferry-status-line", Duration.ZERO, REFRESH, status::refresh);
        return status;
    }

    private void refresh() throws IOException, InterruptedException {
        line.draw(reader.read().render(line.width()));
    }

    @Override
    public synchronized void close() {
        poller.close();
        line.finish();
        if (System.out != originalOut) {
            PrintStream above = System.out;
            System.setOut(originalOut);
            above.close();
        }
        if (System.err != originalErr) {
            PrintStream above = System.err;
            System.setErr(originalErr);
            above.close();
        }
    }
}
