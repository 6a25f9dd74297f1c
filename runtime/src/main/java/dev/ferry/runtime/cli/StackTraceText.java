package dev.ferry.runtime.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The cause chain of a stack trace as text, as {@link Throwable#printStackTrace()} prints it and
 * Flink's REST endpoint reports a job's failures: the first line and each top-level {@code Caused
 * by:} line, with the message lines that follow them; frames and suppressed exceptions are left
 * out.
 */
final class StackTraceText {
    private static final String CAUSED_BY = "Caused by: ";

    /** A printed class name ends at the first ': ' after it, if the text starts with one. */
    private static final Pattern CLASS_NAME =
            Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*");

    private StackTraceText() {}

    /** The exceptions of {@code stackTrace}, outermost first; one link for text of another form. */
    static List<FailureCause.Link> chain(String stackTrace) {
        List<FailureCause.Link> chain = new ArrayList<>();
        StringBuilder header = null;
        for (String line : stackTrace.strip().split("\\R")) {
            boolean caused = line.startsWith(CAUSED_BY);
            if (header == null && chain.isEmpty() && !caused) {
                header = new StringBuilder(line);
            } else if (caused) {
                add(chain, header);
                header = new StringBuilder(line.substring(CAUSED_BY.length()));
            } else if (header != null && !isBodyLine(line)) {
                header.append('\n').append(line);
            } else {
                add(chain, header);
                header = null;
            }
        }
        add(chain, header);
        return chain;
    }

    /** A frame, "... 3 more", or an indented "Suppressed:"/"Caused by:" of a suppressed one. */
    private static boolean isBodyLine(String line) {
        String stripped = line.strip();
        return (line.startsWith("\t") || line.startsWith(" "))
                && (stripped.startsWith("at ")
                        || stripped.startsWith("... ")
                        || stripped.startsWith("Suppressed: ")
                        || stripped.startsWith(CAUSED_BY));
    }

    private static void add(List<FailureCause.Link> chain, StringBuilder header) {
        if (header == null) {
            return;
        }
        String text = header.toString().strip();
        int colon = text.indexOf(": ");
        String type = colon < 0 ? text : text.substring(0, colon);
        if (!CLASS_NAME.matcher(type).matches()) {
            chain.add(new FailureCause.Link("", text));
            return;
        }
        chain.add(new FailureCause.Link(type, colon < 0 ? "" : text.substring(colon + 2).strip()));
    }
}
