package dev.ferry.examples.fraud.demo;

import dev.ferry.examples.fraud.types.Alert;
import dev.ferry.runtime.cli.TerminalLine;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The demo's output: alerts scroll by while one status line stays at the bottom of a terminal
 * (redrawn in place, as {@code ferry run}'s). Without a terminal the status is printed every few
 * seconds instead.
 */
final class ProgressLine {
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final TerminalLine line;
    private final long startNanos = System.nanoTime();
    private String status = "";
    private long lastPlainNanos = System.nanoTime();
    private long lastSent;
    private long lastRateNanos = System.nanoTime();
    private double rate;

    ProgressLine(PrintStream out, boolean live) {
        this.out = out;
        this.line = live ? TerminalLine.on(out) : null;
    }

    synchronized void alert(Alert alert) {
        print(FraudDemo.describe(alert));
    }

    synchronized void message(String text) {
        print(text);
    }

    synchronized void update(boolean historyTaken, long sent, long alerts) {
        long now = System.nanoTime();
        if (now - lastRateNanos >= 1_000_000_000L) {
            rate = (sent - lastSent) * 1e9 / (now - lastRateNanos);
            lastSent = sent;
            lastRateNanos = now;
        }
        status =
                historyTaken
                        ? String.format(
                                Locale.ROOT,
                                "transactions in %,d | alerts out %,d | %,.0f tx/s | %ds",
                                sent,
                                alerts,
                                rate,
                                (now - startNanos) / 1_000_000_000L)
                        : "loading the fraud history...";
        if (line != null) {
            line.draw(status);
        } else if (now - lastPlainNanos >= PLAIN_EVERY_NANOS) {
            lastPlainNanos = now;
            out.println(status);
        }
    }

    synchronized void finish() {
        if (line != null) {
            line.finish();
        }
        out.flush();
    }

    private void print(String text) {
        if (line != null) {
            line.printAbove(text);
        } else {
            out.println(text);
            out.flush();
        }
    }
}
