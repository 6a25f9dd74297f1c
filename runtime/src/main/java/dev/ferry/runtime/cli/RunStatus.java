package dev.ferry.runtime.cli;

import java.util.Locale;

/**
 * What the status line of {@code ferry run} shows: messages handled and sent to egresses per
 * second, invocations in flight, messages buffered behind them, the last completed checkpoint and
 * the restarts so far. Counts not known yet (before the first metrics arrive) are -1.
 */
record RunStatus(
        double inPerSecond,
        double outPerSecond,
        long inFlight,
        long buffered,
        Checkpoint lastCheckpoint,
        long restarts) {

    /** A completed checkpoint: its id, bytes written and duration. */
    record Checkpoint(long id, long bytes, long durationMs) {}

    /** Nothing known yet. */
    static final RunStatus UNKNOWN = new RunStatus(-1, -1, -1, -1, null, -1);

    /**
     * One line, cut to {@code width} columns: {@code in 1,204/s | out 1,204/s | in flight 3 |
     * buffered 0 | checkpoint 12 (14.2 kB, 35 ms) | restarts 0}.
     */
    String render(int width) {
        String checkpoint =
                lastCheckpoint == null
                        ? "no checkpoint yet"
                        : "checkpoint "
                                + lastCheckpoint.id()
                                + " ("
                                + CompletedCheckpointLog.bytes(lastCheckpoint.bytes())
                                + ", "
                                + lastCheckpoint.durationMs()
                                + " ms)";
        String line =
                "in "
                        + rate(inPerSecond)
                        + " | out "
                        + rate(outPerSecond)
                        + " | in flight "
                        + count(inFlight)
                        + " | buffered "
                        + count(buffered)
                        + " | "
                        + checkpoint
                        + " | restarts "
                        + count(restarts);
        return TerminalLine.fit(line, width);
    }

    private static String rate(double perSecond) {
        return perSecond < 0 ? "-/s" : String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }

    private static String count(long value) {
        return value < 0 ? "-" : String.format(Locale.ROOT, "%,d", value);
    }
}
