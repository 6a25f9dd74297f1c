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
                    Workload.COUNTER, rate, rate, 2, p99, 1, 1, true, null, 0, Double.NaN);
        };
    }

    @Test
    void theLadderStepsByAboutATenthInHundreds() {
        assertThat(SustainableRateSearch.ladder(7_000))
                .startsWith(500L, 600L)
                .contains(1_900L, 2_000L, 2_200L)
                .containsSubsequence(
                        3_000L, 3_300L, 3_600L, 3_900L, 4_200L, 4_600L, 5_000L, 5_500L, 6_000L,
                        6_600L)
                .endsWith(6_600L)
                .isSorted()
                .doesNotHaveDuplicates();
    }

    @Test
    void findsTheKneeOnTheLadder() throws Exception {
        List<Long> tried = new ArrayList<>();

        BenchmarkRun.Result best =
                SustainableRateSearch.search(20_000, 50, 10, kneeAt(7_300, tried));

        assertThat(best.rate()).isEqualTo(7_200);
        assertThat(tried).containsExactly(3_300L, 8_600L, 5_500L, 7_200L, 7_900L);
        assertThat(SustainableRateSearch.ladder(20_000)).containsAll(tried);
    }

    @Test
    void twoSystemsWithTheSameKneeAreTriedAtTheSameRates() throws Exception {
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        SustainableRateSearch.Probe one = kneeAt(4_000, first);
        SustainableRateSearch.Probe other = kneeAt(4_100, second);

        SustainableRateSearch.search(List.of(one.run(3_000), one.run(6_000)), 30_000, 50, 6, one);
        SustainableRateSearch.search(
                List.of(other.run(3_000), other.run(6_000)), 12_000, 50, 6, other);

        assertThat(first).isEqualTo(second);
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
                                        0,
                                        Double.NaN));

        assertThat(best).isNull();
    }

    @Test
    void nothingSustainedEndsAtTheLowestRate() throws Exception {
        List<Long> tried = new ArrayList<>();

        assertThat(SustainableRateSearch.search(3_000, 50, 10, kneeAt(0, tried))).isNull();
        assertThat(tried).last().isEqualTo(SustainableRateSearch.LOWEST);
    }

    @Test
    void startsBetweenTheRunsAlreadyMade() throws Exception {
        List<Long> tried = new ArrayList<>();
        SustainableRateSearch.Probe probe = kneeAt(4_400, tried);
        List<BenchmarkRun.Result> known = List.of(probe.run(3_000), probe.run(6_000));
        tried.clear();

        BenchmarkRun.Result best = SustainableRateSearch.search(known, 20_000, 50, 3, probe);

        assertThat(tried).containsExactly(4_200L, 5_000L, 4_600L);
        assertThat(best.rate()).isEqualTo(4_200);
    }

    @Test
    void whenEveryKnownRunKeptWithinTheBoundTheMaximumIsTheUpperEnd() throws Exception {
        List<Long> tried = new ArrayList<>();
        SustainableRateSearch.Probe probe = kneeAt(9_000, tried);
        List<BenchmarkRun.Result> known = List.of(probe.run(3_000), probe.run(6_000));
        tried.clear();

        BenchmarkRun.Result best = SustainableRateSearch.search(known, 10_000, 50, 1, probe);

        assertThat(tried).containsExactly(7_900L);
        assertThat(best.rate()).isEqualTo(7_900);
    }
}
