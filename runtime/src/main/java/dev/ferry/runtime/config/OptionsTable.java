package dev.ferry.runtime.config;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;

/**
 * The reference table of {@link FerryOptions} in Markdown, and the part of a document it fills: the
 * lines between {@link #BEGIN} and {@link #END}. A test of the build fails when the committed
 * document differs from the class, and rewrites it on request.
 */
public final class OptionsTable {
    public static final String BEGIN =
            "<!-- runtime-options:begin (generated from FerryOptions) -->";
    public static final String END = "<!-- runtime-options:end -->";

    private OptionsTable() {}

    /** The table of {@code options}: key, type, default and description. */
    public static String render(List<ConfigOption<?>> options) {
        StringBuilder table = new StringBuilder();
        table.append("| key | type | default | meaning |\n|---|---|---|---|\n");
        HtmlFormatter formatter = new HtmlFormatter();
        for (ConfigOption<?> option : options) {
            Object value = option.hasDefaultValue() ? option.defaultValue() : null;
            table.append("| `")
                    .append(option.key())
                    .append("` | ")
                    .append(value == null ? "" : value.getClass().getSimpleName())
                    .append(" | ")
                    .append(value == null ? "none" : "`" + format(value) + "`")
                    .append(" | ")
                    .append(formatter.format(option.description()).replace("|", "\\|"))
                    .append(" |\n");
        }
        return table.toString();
    }

    private static String format(Object value) {
        if (value instanceof Duration duration) {
            return TimeUtils.formatWithHighestUnit(duration);
        }
        return value.toString();
    }

    /** {@code document} with the part between the markers replaced by {@code table}. */
    public static String fill(String document, String table, String name) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(
                    name + " has no '" + BEGIN + "' ... '" + END + "' section for the options");
        }
        return document.substring(0, begin + BEGIN.length())
                + "\n"
                + table
                + document.substring(end);
    }
}
