package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** A line redrawn in place on a terminal, written to a fake terminal of a given width. */
class TerminalLineTest {
    private static final String CLEAR = "\r\033[K";

    private final StringWriter screen = new StringWriter();
    private final TerminalLine line = new TerminalLine(new PrintWriter(screen), 12);

    @Test
    void redrawsInPlaceAndCutsToTheWidth() {
        line.draw("in 5/s");
        line.draw("in 1,234,567/s | out 7/s");
        assertThat(screen.toString()).isEqualTo(CLEAR + "in 5/s" + CLEAR + "in 1,234,56");
    }

    @Test
    void printsOtherLinesAboveAndEndsWithALineBreak() {
        line.draw("status");
        line.printAbove("a line");
        line.finish();
        line.finish();
        assertThat(screen.toString())
                .isEqualTo(
                        CLEAR
                                + "status"
                                + CLEAR
                                + "a line"
                                + System.lineSeparator()
                                + "status"
                                + System.lineSeparator());
    }

    @Test
    void takesItsWidthFromColumnsOrElse80() {
        assertThat(TerminalLine.width("132")).isEqualTo(132);
        assertThat(TerminalLine.width(null)).isEqualTo(80);
        assertThat(TerminalLine.width("wide")).isEqualTo(80);
        assertThat(TerminalLine.width("0")).isEqualTo(80);
    }
}
