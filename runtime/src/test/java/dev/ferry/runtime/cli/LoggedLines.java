package dev.ferry.runtime.cli;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** The messages one class logs in this JVM while open, as formatted, in order. */
final class LoggedLines implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context;
    private final LoggerConfig config;
    private final AbstractAppender capture;

    private LoggedLines(Class<?> source) {
        context = (LoggerContext) LogManager.getContext(false);
        config = context.getConfiguration().getLoggerConfig(source.getName());
        String name = source.getName();
        capture =
                new AbstractAppender("capture-" + name, null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        if (event.getLoggerName().equals(name)) {
                            lines.add(event.getMessage().getFormattedMessage());
                        }
                    }
                };
        capture.start();
        config.addAppender(capture, null, null);
        context.updateLoggers();
    }

    /** Starts collecting what {@code source}'s logger logs. */
    static LoggedLines of(Class<?> source) {
        return new LoggedLines(source);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        config.removeAppender(capture.getName());
        context.updateLoggers();
        capture.stop();
    }
}
