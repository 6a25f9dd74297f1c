package dev.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyTraceTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void eachSecondShowsItsLatencyNextToItsCheckpoints() {
        // 4 msg/s for 2 s; in second 1 one message waits 400 ms behind checkpoint 7's barrier.
        long start = 10 * SECOND;
        long[] arrivals = new long[8];
        for (int n = 0; n < 8; n++) {
            arrivals[n] = start + n * SECOND / 4 + 5_000_000L;
        }
        arrivals[5] = start + 5 * SECOND / 4 + 400_000_000L;
        List<LatencyTrace.Checkpoint> checkpoints =
                List.of(
                        new LatencyTrace.Checkpoint(
                                7, start + 1_200_000_000L, start + 1_600_000_000L));

        List<String> lines =
                LatencyTrace.lines(start, 4, arrivals, 0, checkpoints, start + 2 * SECOND);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0))
                .isEqualTo("     0 s |      4 msgs p50     5.0 p99     5.0 max     5.0 ms");
        assertThat(lines.get(1))
                .isEqualTo(
                        "     1 s |      4 msgs p50     5.0 p99   400.0 max   400.0 ms"
                                + " | barrier 7 at +0.20 s | completed 7 at +0.60 s");
        assertThat(lines.get(2))
                .isEqualTo(
                        "  checkpoints completed: 1; the newest completed checkpoint was at most"
                                + " 1.60 s old");
    }

    @Test
    void checkpointAgeIsTheLongestStretchWithoutACompletion() {
        List<LatencyTrace.Checkpoint> checkpoints =
                List.of(
                        new LatencyTrace.Checkpoint(1, SECOND, SECOND + 100),
                        new LatencyTrace.Checkpoint(2, 2 * SECOND, 0),
                        new LatencyTrace.Checkpoint(3, 3 * SECOND, 5 * SECOND));

        // 0 -> 1 s, 1 s -> 5 s (checkpoint 2 never completed), 5 s -> 6 s: 4 s at most.
        assertThat(LatencyTrace.oldestCheckpointAge(0, checkpoints, 6 * SECOND))
                .isEqualTo(4 * SECOND - 100);
        assertThat(LatencyTrace.oldestCheckpointAge(0, List.of(), 6 * SECOND))
                .isEqualTo(6 * SECOND);
    }
}
