package dev.ferry.runtime.cli;

/**
 * What {@code ferry run} shows while the job runs: a status line on a terminal ({@link
 * LiveStatusLine}), else one log line per completed checkpoint ({@link CompletedCheckpointLog}).
 */
interface RunProgress extends AutoCloseable {
    /** Stops showing; the cursor is then at the start of a line of its own. Idempotent. */
    @Override
    void close();
}
