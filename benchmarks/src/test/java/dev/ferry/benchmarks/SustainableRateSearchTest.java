package dev.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SustainableRateSearchTest {

    /** A workload whose p99 is 10 ms up to {@code knee} msg/s and 500 ms above. */
    private static SustainableRateSearch.Probe kneeAt(long knee, List<Long> tried) {
        return rate -> {
            tried.add(rate);
            double p99 = rate <= knee ? 10 : 500;
            return new BenchmarkRun.Result(
                    Workload.COUNTER, rate, rate, 2, p99, 1, 1, true, null, 0);
        };
    }

    @Test
    void findsTheKneeWithinTheResolution() throws Exception {
        List<Long> tried = new ArrayList<>();

        BenchmarkRun.Result best =
                SustainableRateSearch.search(20_000, 50, 6, kneeAt(7_300, tried));

        assertThat(best.rate()).isLessThanOrEqualTo(7_300).isGreaterThan(7_300 - 20_000 / 64);
        assertThat(tried).hasSize(6).startsWith(10_000L, 5_000L, 7_500L);
    }

    @Test
    void aRunThatDoesNotVerifyIsNotSustained() throws Exception {
        BenchmarkRun.Result best =
                SustainableRateSearch.search(
                        4_000,
                        50,
                        6,
                        rate ->
                                new BenchmarkRun.Result(
                                        Workload.COUNTER,
                                        rate,
                                        rate,
                                        1,
                                        5,
                                        1,
                                        1,
                                        false,
                                        "lost 1",
                                        0));

        assertThat(best).isNull();
    }

    @Test
    void nothingSustainedEndsAtTheLowestRate() throws Exception {
        List<Long> tried = new ArrayList<>();

        assertThat(SustainableRateSearch.search(3_000, 50, 10, kneeAt(0, tried))).isNull();
        assertThat(tried).last().isEqualTo(SustainableRateSearch.GRANULARITY);
    }

    @Test
    void startsBetweenTheRunsAlreadyMade() throws Exception {
        List<Long> tried = new ArrayList<>();
        SustainableRateSearch.Probe probe = kneeAt(4_400, tried);
        List<BenchmarkRun.Result> known = List.of(probe.run(3_000), probe.run(6_000));
        tried.clear();

        BenchmarkRun.Result best = SustainableRateSearch.search(known, 20_000, 50, 3, probe);

        assertThat(tried).containsExactly(4_500L, 3_700L, 4_100L);
        assertThat(best.rate()).isEqualTo(4_100);
    }

    @Test
    void whenEveryKnownRunKeptWithinTheBoundTheMaximumIsTheUpperEnd() throws Exception {
        List<Long> tried = new ArrayList<>();
        SustainableRateSearch.Probe probe = kneeAt(9_000, tried);
        List<BenchmarkRun.Result> known = List.of(probe.run(3_000), probe.run(6_000));
        tried.clear();

        BenchmarkRun.Result best = SustainableRateSearch.search(known, 10_000, 50, 1, probe);

        assertThat(tried).containsExactly(8_000L);
        assertThat(best.rate()).isEqualTo(8_000);
    }
}
