package dev.ferry.runtime.cli;

import dev.ferry.runtime.config.FerryOptions;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;

/**
 * The restarts a {@code ferry run} job may make in a row ({@code --max-restarts}) and the
 * failure-free time after which the count starts again ({@code --restart-window}), and the count so
 * far. Flink keeps the real count inside its restart strategy; this one follows it from the
 * failures' times, which is exact but for failures that come less than the restart delay after the
 * window. With another strategy set in {@code --flink-conf}, it only counts the restarts.
 */
final class RestartBudget {
    /** {@code maxInARow} when the strategy is not Ferry's: no budget shown, no count afresh. */
    static final int UNKNOWN = -1;

    private final int maxInARow;
    private final Duration window;
    private long previousFailure = Long.MIN_VALUE;
    private int inARow;

    RestartBudget(int maxInARow, Duration window) {
        this.maxInARow = maxInARow;
        this.window = window;
    }

    /** The budget the job's Flink {@code settings} give it, with Ferry's defaults. */
    static RestartBudget of(Map<String, String> settings) {
        Configuration configuration = Configuration.fromMap(settings);
        String strategy =
                configuration
                        .getOptional(RestartStrategyOptions.RESTART_STRATEGY)
                        .orElse("exponential-delay");
        if (!strategy.strip().equalsIgnoreCase("exponential-delay")
                && !strategy.strip().equalsIgnoreCase("exponentialdelay")) {
            return new RestartBudget(UNKNOWN, Duration.ofMillis(Long.MAX_VALUE));
        }
        return new RestartBudget(
                configuration.get(FerryOptions.MAX_RESTARTS),
                configuration.get(FerryOptions.RESTART_WINDOW));
    }

    /** Counts a failure at {@code timestampMillis}; its number in the current row, from 1. */
    int count(long timestampMillis) {
        boolean afresh = inARow == 0 || timestampMillis - previousFailure >= window.toMillis();
        inARow = afresh ? 1 : inARow + 1;
        previousFailure = timestampMillis;
        return inARow;
    }

    /** {@code restart 2 of at most 5 in a row}; {@code restart 2} without a known budget. */
    String describe(int restart) {
        return maxInARow == UNKNOWN
                ? "restart " + restart
                : "restart " + restart + " of at most " + maxInARow + " in a row";
    }
}
