package dev.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The flood's throughput is counted over arrivals in arrival order, as StateFun's peer counts. */
class FloodThroughputTest {
    private static final long MS = 1_000_000L;

    @Test
    void inOrderArrivalsOneMillisecondApartGiveAThousandPerSecond() {
        long[] arrivals = new long[100];
        for (int n = 0; n < arrivals.length; n++) {
            arrivals[n] = n * MS;
        }
        assertThat(BenchmarkRun.floodThroughput(arrivals, 100)).isCloseTo(1000.0, within(1e-6));
    }

    @Test
    void theWindowDoesNotDependOnWhenOneMessageNumberArrives() {
        long[] arrivals = new long[100];
        for (int n = 0; n < arrivals.length; n++) {
            arrivals[n] = n * MS;
        }
        // Message number 20 (a fifth of the flood) waited behind its key's batch and arrived
        // last: a window starting at its arrival would have no length at all.
        long[] reordered = arrivals.clone();
        reordered[20] = 99 * MS + MS / 2;
        double throughput = BenchmarkRun.floodThroughput(reordered, 100);
        // In arrival order the 21st arrival is message 21 (at 21 ms), the last message 20.
        assertThat(throughput).isCloseTo(79 / 0.0785, within(1e-6));
    }

    @Test
    void thePacedMessagesAfterTheFloodAreLeftOut() {
        long[] arrivals = new long[150];
        for (int n = 0; n < arrivals.length; n++) {
            arrivals[n] = n < 100 ? n * MS : 10_000 * MS + n;
        }
        assertThat(BenchmarkRun.floodThroughput(arrivals, 100)).isCloseTo(1000.0, within(1e-6));
    }

    /**
     * A flood delivered in one burst at its end: after its first fifth, 80 messages within a
     * millisecond read as tens of thousands per second; over the whole flood, from its first
     * emission, the rate is what it took.
     */
    @Test
    void theWholeFloodCountsFromTheFirstEmissionToTheLastArrival() {
        long[] arrivals = new long[150];
        for (int n = 0; n < arrivals.length; n++) {
            // 20 messages within the first 20 ms, the other 80 at 1 s plus n microseconds
            arrivals[n] = n < 20 ? n * MS : n < 100 ? 1_000 * MS + n * 1_000L : 50_000 * MS;
        }
        long firstEmission = 0;

        assertThat(BenchmarkRun.floodThroughput(arrivals, 100)).isGreaterThan(20_000);
        assertThat(BenchmarkRun.wholeFloodThroughput(arrivals, 100, firstEmission))
                .isCloseTo(100 / 1.000099, within(1e-6));
    }
}
