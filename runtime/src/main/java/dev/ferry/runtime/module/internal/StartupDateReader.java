package dev.ferry.runtime.module.internal;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The {@code date} of an ingress's {@code startupPosition}, in StateFun's format. */
final class StartupDateReader {
    /** StateFun's date format for startup positions. */
    static final DateTimeFormatter STARTUP_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS Z");

    private StartupDateReader() {}

    static ZonedDateTime read(SpecReader position) {
        String text = position.string("date");
        if (text == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(text, STARTUP_DATE);
        } catch (DateTimeParseException e) {
            position.problem(
                    "date",
                    position.path() + ".date '" + text + "' is not a date",
                    "yyyy-MM-dd HH:mm:ss.SSS Z, e.g. 2020-02-01 04:15:00.000 +0000");
            return null;
        }
    }
}
