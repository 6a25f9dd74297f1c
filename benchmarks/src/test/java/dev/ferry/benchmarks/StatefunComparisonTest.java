package dev.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatefunComparisonTest {
    /** A line as StateFun's BenchMain prints it (counter, 3,000 msg/s paced). */
    private static final String STATEFUN_LINE =
            "RESULT workload=counter K=1000 N=200000 throughput=13409 msg/s flood_all=12011 msg/s"
                    + " flood_p50_ms=310.20 flood_p99_ms=620.00 paced_rate=3000"
                    + " paced_achieved=2999 paced_n=48000 p50_ms=4.50 p90_ms=9.10 p99_ms=36.12"
                    + " p999_ms=80.00 max_ms=95.00 paced_drain_ms=4.0 verified=true sent=248000"
                    + " received=248000 key_mismatches=0 checkpoints=40 parallelism=1"
                    + " backend=rocksdb checkpoint_interval=1s max_batch=1000 buffer_timeout=5ms"
                    + " http_requests=225454 msgs_per_request=1.1 backend_dir_used=true";

    private static BenchmarkRun.Result run(
            Workload workload,
            long rate,
            double throughput,
            double p99,
            double messagesPerRequest,
            double millisPerInvocation) {
        return new BenchmarkRun.Result(
                workload,
                rate,
                throughput,
                p99 / 4,
                p99,
                messagesPerRequest,
                Double.NaN,
                true,
                null,
                millisPerInvocation,
                Double.NaN);
    }

    @Test
    void readsStatefunsResultLine() {
        BenchmarkRun.Result result = StatefunPeer.parse(Workload.COUNTER, STATEFUN_LINE);

        assertThat(result.rate()).isEqualTo(3000);
        assertThat(result.throughput()).isEqualTo(13409);
        assertThat(result.wholeFloodThroughput()).isEqualTo(12011);
        assertThat(result.p50Millis()).isEqualTo(4.5);
        assertThat(result.p99Millis()).isEqualTo(36.12);
        assertThat(result.messagesPerRequest()).isEqualTo(1.1);
        assertThat(result.verified()).isTrue();
        assertThat(result.millisPerInvocation()).isNaN();
    }

    @Test
    void aFailedOrUnverifiedStatefunRunIsNotVerified() {
        BenchmarkRun.Result failed =
                StatefunPeer.parse(
                        Workload.CHAIN,
                        "RESULT workload=chain K=1000 N=20000 status=FAILED reason=overall timeout");
        BenchmarkRun.Result unverified =
                StatefunPeer.parse(
                        Workload.COUNTER,
                        STATEFUN_LINE
                                .replace("verified=true", "verified=false")
                                .replace("received=248000", "received=247999"));

        assertThat(failed.verified()).isFalse();
        assertThat(failed.problem()).isEqualTo("StateFun failed: overall timeout");
        assertThat(unverified.verified()).isFalse();
        assertThat(unverified.problem()).contains("received=247999");
        assertThatThrownBy(
                        () ->
                                StatefunPeer.parse(
                                        Workload.COUNTER,
                                        STATEFUN_LINE.replace(" p99_ms=36.12", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no p99_ms=");
    }

    @Test
    void lambdaCostCountsRequestsAndBilledMilliseconds() {
        LambdaCost cost = new LambdaCost(0.20, 0.0000166667, 512);

        // 0.5 invocations per message, 0.3 ms billed as 1 ms at 0.5 GB:
        // 500,000 x ($0.0000002 + 0.5 GB x 0.001 s x $0.0000166667) = $0.1041667
        assertThat(cost.perMillionMessages(0.5, 0.3)).isCloseTo(0.1041667, within(1e-6));
        assertThat(LambdaCost.billedMillis(0.01)).isEqualTo(1);
        assertThat(LambdaCost.billedMillis(2.2)).isEqualTo(3);
        assertThat(cost.perMillionMessages(1, 2.2))
                .isCloseTo(0.20 + 0.5 * 0.003 * 0.0000166667 * 1e6, within(1e-6));
    }

    @Test
    void rowsCarryBothSystemsAndTheRatio() {
        Workload chain = Workload.CHAIN;
        StatefunComparison.Figures statefun =
                new StatefunComparison.Figures(
                        run(chain, 3000, 6_600, 50, 1.1, Double.NaN),
                        run(chain, 3000, 6_600, 50, 1.1, Double.NaN),
                        run(chain, 6000, 6_700, 326, 1.0, Double.NaN),
                        null);
        StatefunComparison.Figures ferry =
                new StatefunComparison.Figures(
                        run(chain, 0, 33_000, 0, 8.0, 0.4),
                        run(chain, 3000, 3_000, 25, 2.0, 0.1),
                        run(chain, 6000, 6_000, 40, 4.0, 0.2),
                        run(chain, 7_500, 7_500, 45, 4.0, 0.2));
        StatefunComparison.Figures batching =
                new StatefunComparison.Figures(
                        run(chain, 0, 40_000, 0, 16.0, Double.NaN),
                        run(chain, 3000, 3_000, 20, 10.0, Double.NaN),
                        run(chain, 6000, 6_000, 30, 20.0, Double.NaN),
                        run(chain, 9_000, 9_000, 48, 20.0, Double.NaN));
        ComparisonTable table = new ComparisonTable(List.of("Ferry", "Ferry, batching"));

        StatefunComparison.addRows(
                table,
                chain,
                statefun,
                List.of(ferry, batching),
                50,
                LambdaCost.US_EAST_1_X86_512MB);

        List<ComparisonTable.Row> rows = table.rows();
        assertThat(rows)
                .extracting(ComparisonTable.Row::figure)
                .containsExactly(
                        "chain, maximum",
                        "chain, maximum over the whole flood",
                        "chain at 3,000 msg/s, p50",
                        "chain at 3,000 msg/s, p99",
                        "chain at 6,000 msg/s, p50",
                        "chain at 6,000 msg/s, p99",
                        "chain, sustained with p99 ≤ 50 ms",
                        "chain, invocations per message at maximum",
                        "chain, invocations per message at 6,000 msg/s",
                        "chain, Lambda cost per million messages at 6,000 msg/s");
        assertThat(rows.get(0).ratio()).isCloseTo(5.0, within(1e-9));
        assertThat(rows.get(0).ratio(1)).isCloseTo(40_000 / 6_600.0, within(1e-9));
        // These runs give no whole-flood rate: no figure and no ratio.
        assertThat(rows.get(1).statefun()).isNaN();
        assertThat(rows.get(1).ratio(1)).isNaN();
        assertThat(rows.get(5).ratio()).isCloseTo(40.0 / 326, within(1e-9));
        assertThat(rows.get(5).ferry()).containsExactly(40.0, 30.0);
        // No StateFun rate kept within the bound: 0, and no ratio to it.
        assertThat(rows.get(6).statefun()).isZero();
        assertThat(rows.get(6).ferry()).containsExactly(7_500.0, 9_000.0);
        assertThat(rows.get(6).ratio()).isNaN();
        // Two function messages per chain message: 1.0 per request is 2 invocations per message.
        assertThat(rows.get(8).statefun()).isEqualTo(2.0);
        assertThat(rows.get(8).ferry()).containsExactly(0.5, 0.1);
        // StateFun's duration: Ferry's 0.05 ms per message x 1 message per request, billed 1 ms;
        // the batching server's too (not timed): 0.05 ms x 20 messages, 1 ms.
        double perInvocation = 0.20 / 1e6 + 0.5 * 0.001 * 0.0000166667;
        assertThat(rows.get(9).statefun()).isCloseTo(2e6 * perInvocation, within(1e-9));
        assertThat(rows.get(9).ferry().get(0)).isCloseTo(0.5e6 * perInvocation, within(1e-9));
        assertThat(rows.get(9).ferry().get(1)).isCloseTo(0.1e6 * perInvocation, within(1e-9));
    }

    @Test
    void rendersAColumnAndARatioPerWayOfRunningFerry() {
        String rendered =
                new ComparisonTable(List.of("Ferry", "Ferry, batching"))
                        .add("chain, maximum", "msg/s", 5_000, List.of(20_000.0, 30_000.0), "%,.0f")
                        .add("chain, p99", "ms", 100, List.of(Double.NaN, 25.0), "%.1f")
                        .render();

        assertThat(rendered)
                .isEqualTo(
                        "| figure | StateFun 3.3 | Ferry | Ferry / StateFun | Ferry, batching |"
                                + " Ferry, batching / StateFun |\n"
                                + "|---|---:|---:|---:|---:|---:|\n"
                                + "| chain, maximum (msg/s) | 5,000 | 20,000 | 4.00× | 30,000 |"
                                + " 6.00× |\n"
                                + "| chain, p99 (ms) | 100.0 | – | – | 25.0 | 0.25× |\n");
        assertThatThrownBy(
                        () ->
                                new ComparisonTable(List.of("Ferry", "Ferry, batching"))
                                        .add("chain, maximum", "msg/s", 5_000, 20_000, "%,.0f"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 Ferry values for 2 columns");
    }

    @Test
    void rendersOneMarkdownTable() {
        String rendered =
                new ComparisonTable()
                        .add("counter, maximum", "msg/s", 10_200, 25_500, "%,.0f")
                        .add("counter, sustained with p99 ≤ 50 ms", "msg/s", 0, 6_000, "%,.0f")
                        .add("counter, cost", "$", Double.NaN, 0.1, "%.3f")
                        .render();

        assertThat(rendered)
                .isEqualTo(
                        "| figure | StateFun 3.3 | Ferry | Ferry / StateFun |\n"
                                + "|---|---:|---:|---:|\n"
                                + "| counter, maximum (msg/s) | 10,200 | 25,500 | 2.50× |\n"
                                + "| counter, sustained with p99 ≤ 50 ms (msg/s) | 0 | 6,000 | – |\n"
                                + "| counter, cost ($) | – | 0.100 | – |\n");
    }
}
