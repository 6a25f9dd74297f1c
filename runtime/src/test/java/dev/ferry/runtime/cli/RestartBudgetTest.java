package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The count of restarts in a row that {@code ferry run}'s restart lines show. */
class RestartBudgetTest {

    @Test
    void failuresCountInARowUntilOneComesAWindowAfterTheLast() {
        RestartBudget budget = new RestartBudget(5, Duration.ofMinutes(10));
        long minute = Duration.ofMinutes(1).toMillis();

        assertThat(budget.count(0)).isEqualTo(1);
        assertThat(budget.count(minute)).isEqualTo(2);
        assertThat(budget.count(10 * minute)).isEqualTo(3);
        assertThat(budget.count(20 * minute)).isEqualTo(1);
        assertThat(budget.describe(2)).isEqualTo("restart 2 of at most 5 in a row");
    }

    @Test
    void theBudgetIsTheOptionsOrFerrysDefaults() {
        assertThat(RestartBudget.of(Map.of()).describe(1))
                .isEqualTo("restart 1 of at most 5 in a row");
        RestartBudget given =
                RestartBudget.of(
                        Map.of(
                                "restart-strategy.exponential-delay.attempts-before-reset-backoff",
                                "2",
                                "restart-strategy.exponential-delay.reset-backoff-threshold",
                                "1 s"));
        assertThat(given.describe(1)).isEqualTo("restart 1 of at most 2 in a row");
        assertThat(given.count(0)).isEqualTo(1);
        assertThat(given.count(999)).isEqualTo(2);
        assertThat(given.count(1999)).isEqualTo(1);
    }

    @Test
    void anotherStrategyOnlyCountsTheRestarts() {
        RestartBudget fixed =
                RestartBudget.of(
                        Map.of(
                                "restart-strategy.type",
                                "fixed-delay",
                                "restart-strategy.exponential-delay.reset-backoff-threshold",
                                "1 s"));
        assertThat(fixed.count(0)).isEqualTo(1);
        assertThat(fixed.count(Duration.ofDays(1).toMillis())).isEqualTo(2);
        assertThat(fixed.describe(2)).isEqualTo("restart 2");
        assertThat(
                        RestartBudget.of(Map.of("restart-strategy.type", "exponential-delay"))
                                .describe(1))
                .isEqualTo("restart 1 of at most 5 in a row");
    }
}
