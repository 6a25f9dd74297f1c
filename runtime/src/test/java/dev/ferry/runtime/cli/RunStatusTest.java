package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The status line of {@code ferry run}: what it shows and how it fits a terminal. */
class RunStatusTest {
    private static final RunStatus RUNNING =
            new RunStatus(1204.4, 1198.6, 3, 17, new RunStatus.Checkpoint(12, 14_200, 35), 1);

    @Test
    void showsRatesInFlightBufferedTheLastCheckpointAndRestarts() {
        assertThat(RUNNING.render(200))
                .isEqualTo(
                        "in 1,204/s | out 1,199/s | in flight 3 | buffered 17"
                                + " | checkpoint 12 (14.2 kB, 35 ms) | restarts 1");
    }

    @Test
    void showsDashesUntilTheMetricsArrive() {
        assertThat(RunStatus.UNKNOWN.render(200))
                .isEqualTo(
                        "in -/s | out -/s | in flight - | buffered - | no checkpoint yet"
                                + " | restarts -");
    }

    @Test
    void isCutToOneColumnLessThanTheTerminalIsWide() {
        assertThat(RUNNING.render(40))
                .hasSize(39)
                .isEqualTo("in 1,204/s | out 1,199/s | in flight 3 ");
        assertThat(RUNNING.render(1)).hasSize(1);
    }

    @Test
    void ratesAreTheCountersGrowthOverTheLastReads() {
        RunStatusReader reader =
                new RunStatusReader(
                        new JobRestClient(
                                new LocalRestEndpoint(1), new org.apache.flink.api.common.JobID()));
        assertThat(reader.rates(0, 100, 10)).containsExactly(-1, -1);
        assertThat(reader.rates(1_000_000_000L, 300, 50)).containsExactly(200, 40);
        assertThat(reader.rates(2_000_000_000L, 700, 50)).containsExactly(300, 20);
        // After a restart the counters start again from the restored values.
        assertThat(reader.rates(3_000_000_000L, 0, 0)).containsExactly(0, 0);
    }
}
