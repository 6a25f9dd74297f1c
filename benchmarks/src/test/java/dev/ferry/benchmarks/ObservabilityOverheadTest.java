package dev.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The report of {@code benchmarks/run --observability}: its line and its /metrics excerpt. */
class ObservabilityOverheadTest {

    @Test
    void theLineGivesBothThroughputsAndTheRelativeChange() {
        BenchmarkRun.Result off =
                new BenchmarkRun.Result(
                        Workload.COUNTER, 0, 4000, 0, 0, 3.5, 1, true, null, 0, Double.NaN);
        BenchmarkRun.Result on =
                new BenchmarkRun.Result(
                        Workload.COUNTER, 0, 3800, 0, 0, 3.4, 1, true, null, 0, Double.NaN);
        assertThat(ObservabilityOverhead.line(off, on))
                .isEqualTo(
                        "counter  off 4,000 msg/s | metrics and tracing on 3,800 msg/s (-5.0%) |"
                                + " verified");
        BenchmarkRun.Result lost =
                new BenchmarkRun.Result(
                        Workload.CHAIN, 0, 3800, 0, 0, 3.4, 1, false, "1 lost", 0, Double.NaN);
        assertThat(ObservabilityOverhead.line(off, lost)).endsWith("| NOT VERIFIED: 1 lost");
    }

    @Test
    void theExcerptKeepsFerrysLabelsAndDropsFlinksScope() {
        assertThat(
                        ObservabilityOverhead.withoutFlinkLabels(
                                "flink_taskmanager_job_task_operator_function_in{job_name=\"ferry\","
                                        + "function=\"bench_counter\",subtask_index=\"0\","
                                        + "task_name=\"functions\",} 80000.0"))
                .isEqualTo(
                        "flink_taskmanager_job_task_operator_function_in{function=\"bench_counter\"}"
                                + " 80000.0");
    }
}
