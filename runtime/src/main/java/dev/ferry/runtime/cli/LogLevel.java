package dev.ferry.runtime.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code ferry run --log-level}: the level of every logger, Ferry's ({@code dev.ferry}) and the
 * root's (Flink, Kafka, Netty). Without the option, {@code log4j2.properties} applies: Ferry at
 * INFO, the rest at WARN, two of Flink's that do not apply to an embedded run at ERROR.
 */
enum LogLevel {
    ERROR(Level.ERROR),
    WARN(Level.WARN),
    INFO(Level.INFO),
    DEBUG(Level.DEBUG);

    private final Level level;

    LogLevel(Level level) {
        this.level = level;
    }

    /** Sets the root and every configured logger of the running log4j2 configuration. */
    void apply() {
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, level);
    }
}
