package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the rest of {@code ferry run} prints while the status line is drawn goes above it, whole
 * lines at a time, on the stream it was meant for: here both streams share one fake terminal.
 */
class LinesAboveStatusTest {
    private static final String CLEAR = "\r\033[K";

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8);
    private final TerminalLine line = new TerminalLine(new PrintWriter(terminal), 40);

    private String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLineGoesAboveTheStatusWhichIsDrawnAgainBelowIt() {
        PrintStream err = LinesAboveStatus.over(line, terminal);
        line.draw("in 5/s | restarts 0");

        err.println("12:00:00.000 WARN  Task - failed");

        assertThat(screen())
                .isEqualTo(
                        CLEAR
                                + "in 5/s | restarts 0"
                                + CLEAR
                                + "12:00:00.000 WARN  Task - failed"
                                + System.lineSeparator()
                                + "in 5/s | restarts 0");
    }

    @Test
    void anUnfinishedLineWaitsForItsEndAndSeveralLinesGoTogether() {
        PrintStream out = LinesAboveStatus.over(line, terminal);
        line.draw("status");

        out.print("test/out: ");
        out.flush();
        assertThat(screen()).isEqualTo(CLEAR + "status");

        out.print("Welcome Joe!\nsecond\nthird, unfinished");
        out.flush();
        assertThat(screen())
                .isEqualTo(
                        CLEAR + "status" + CLEAR + "test/out: Welcome Joe!\nsecond\n" + "status");

        line.finish();
        out.close();
        assertThat(screen()).endsWith("status" + System.lineSeparator() + "third, unfinished");
    }

    @Test
    void beforeTheFirstStatusNothingIsCleared() {
        PrintStream err = LinesAboveStatus.over(line, terminal);

        err.println("ferry: starting");

        assertThat(screen()).isEqualTo("ferry: starting" + System.lineSeparator());
    }
}
