package dev.ferry.runtime.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * A stream that prints what is written to it on {@code target}, whole lines at a time, above a
 * {@link TerminalLine}: standing in for {@code System.out} and {@code System.err} while the status
 * line is drawn, it keeps log lines and the print egress's records from landing after the status
 * text. A line still unfinished waits for its end, or for {@link #close()}.
 */
final class LinesAboveStatus extends OutputStream {
    private final TerminalLine line;
    private final PrintStream target;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LinesAboveStatus(TerminalLine line, PrintStream target) {
        this.line = line;
        this.target = target;
    }

    /** A print stream over such a stream, flushed at each line as the JDK's standard ones are. */
    static PrintStream over(TerminalLine line, PrintStream target) {
        return new PrintStream(new LinesAboveStatus(line, target), true);
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
        if (b == '\n') {
            writeWholeLines();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        pending.write(bytes, offset, length);
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                writeWholeLines();
                return;
            }
        }
    }

    @Override
    public synchronized void flush() {
        writeWholeLines();
    }

    /** Writes what is left, finished or not: the status line is gone by then. */
    @Override
    public synchronized void close() {
        target.write(pending.toByteArray(), 0, pending.size());
        target.flush();
        pending.reset();
    }

    private void writeWholeLines() {
        byte[] bytes = pending.toByteArray();
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end == 0) {
            return;
        }
        line.writeAbove(target, bytes, 0, end);
        pending.reset();
        pending.write(bytes, end, bytes.length - end);
    }
}
