package dev.ferry.runtime.cli;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * One line at the bottom of a terminal, redrawn in place ({@code ferry run}'s status, the demo's
 * progress): carriage return and "erase to end of line", then the new text, never a line break.
 * Other lines are printed above it. Lines wider than the terminal are cut, because a wrapped line
 * could no longer be redrawn in place. What the rest of the process prints meanwhile goes above it
 * through {@link LinesAboveStatus}.
 */
public final class TerminalLine {
    private static final String CLEAR_LINE = "\r\033[K";
    private static final int DEFAULT_WIDTH = 80;

    private final PrintWriter out;
    private final int width;
    private String current = "";

    /** A line on {@code out}, a terminal {@code width} characters wide. */
    public TerminalLine(PrintWriter out, int width) {
        this.out = out;
        this.width = width;
    }

    /** A line on {@code out}, as wide as the terminal's {@code COLUMNS} say, else 80. */
    public static TerminalLine on(PrintWriter out) {
        return new TerminalLine(out, width(System.getenv("COLUMNS")));
    }

    /** A line on {@code out}, as wide as the terminal's {@code COLUMNS} say, else 80. */
    public static TerminalLine on(PrintStream out) {
        return on(new PrintWriter(out));
    }

    /** The terminal's width in characters. */
    public int width() {
        return width;
    }

    /** Whether standard input and output are a terminal (the JDK's own test for a console). */
    public static boolean isTerminal() {
        return System.console() != null;
    }

    /** Replaces the line with {@code text}. */
    public synchronized void draw(String text) {
        current = fit(text, width);
        out.print(CLEAR_LINE + current);
        out.flush();
    }

    /** Prints {@code line} above the status line and draws the status again below it. */
    public synchronized void printAbove(String line) {
        out.print(CLEAR_LINE + line + System.lineSeparator() + current);
        out.flush();
    }

    /**
     * Writes whole lines to {@code target}, another stream shown on the same terminal (standard
     * error, or standard output through another stream): the status line is cleared first and drawn
     * again below them, so they do not end up after its text.
     */
    public synchronized void writeAbove(PrintStream target, byte[] lines, int offset, int length) {
        if (!current.isEmpty()) {
            out.print(CLEAR_LINE);
            out.flush();
        }
        target.write(lines, offset, length);
        target.flush();
        if (!current.isEmpty()) {
            out.print(current);
            out.flush();
        }
    }

    /** Ends the line, so what comes next starts on a line of its own. */
    public synchronized void finish() {
        if (!current.isEmpty()) {
            out.println();
            current = "";
        }
        out.flush();
    }

    /** {@code text} cut to one character less than {@code width}: the cursor needs the last. */
    static String fit(String text, int width) {
        int room = Math.max(1, width - 1);
        return text.length() <= room ? text : text.substring(0, room);
    }

    static int width(String columns) {
        try {
            int width = columns == null ? DEFAULT_WIDTH : Integer.parseInt(columns.strip());
            return width > 0 ? width : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }
}
