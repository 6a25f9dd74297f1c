package dev.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.runtime.module.AddressBatching;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the benchmark harness working: a small counter run at a fixed rate against the function
 * server in its own JVM must verify (every key's count equals the messages sent to it). Speed is
 * not asserted here; the benchmark prints it.
 */
class BenchmarkHarnessITCase {

    @Test
    void aSmallCounterRunVerifies(@TempDir Path checkpoints) throws Exception {
        try (FunctionServerProcess functions = new FunctionServerProcess()) {
            BenchmarkRun.Result result =
                    BenchmarkRun.run(Workload.CHAIN, 2000, 100, 2000, functions, checkpoints);
            assertThat(result.problem()).isNull();
            assertThat(result.verified()).isTrue();
            assertThat(result.messagesPerRequest()).isGreaterThanOrEqualTo(1.0);
            assertThat(result.p99Millis()).isGreaterThan(0);
        }
    }

    /**
     * The comparison's measurement: one job floods, drains, idles and then paces. Every message of
     * both phases verifies, the flood gives a throughput and the paced phase a latency; the paced
     * phase started only after the flood had reached the egress.
     */
    @Test
    void aFloodThenPaceRunVerifies(@TempDir Path checkpoints) throws Exception {
        try (FunctionServerProcess functions = new FunctionServerProcess()) {
            BenchmarkRun.Result result =
                    BenchmarkRun.floodThenPace(
                            Workload.COUNTER, 2000, 1000, 2, 100, functions, checkpoints);
            assertThat(result.problem()).isNull();
            assertThat(result.verified()).isTrue();
            assertThat(result.rate()).isEqualTo(1000);
            assertThat(result.throughput()).isGreaterThan(0);
            assertThat(result.p50Millis()).isGreaterThan(0).isLessThanOrEqualTo(result.p99Millis());
            assertThat(FloodThenPaceSource.pacedStartNanos()).isNotZero();
            assertThat(result.wholeFloodThroughput()).isFinite().isGreaterThan(0);
        }
    }

    /**
     * The comparison runs each of Ferry's measurements as StateFun's peer runs its own: in a new
     * JVM with a new function server. The child's result comes back whole. Its column with address
     * batching runs the same way, the child serving the functions with Ferry's Knative adapter
     * server: it verifies too, and the flood's many keys ride in far fewer requests.
     */
    @Test
    void aFloodThenPaceRunInItsOwnJvmVerifiesWithAndWithoutAddressBatches() throws Exception {
        BenchmarkRun.Result result = FreshJvmRun.floodThenPace(Workload.CHAIN, 2000, 500, 2, 100);
        assertThat(result.problem()).isNull();
        assertThat(result.verified()).isTrue();
        assertThat(result.workload()).isEqualTo(Workload.CHAIN);
        assertThat(result.rate()).isEqualTo(500);
        assertThat(result.throughput()).isGreaterThan(0);
        assertThat(result.wholeFloodThroughput()).isFinite().isGreaterThan(0);
        assertThat(result.invocationsPerMessage()).isGreaterThan(0);
        assertThat(result.p50Millis()).isGreaterThan(0).isLessThanOrEqualTo(result.p99Millis());

        BenchmarkRun.Result batched =
                FreshJvmRun.floodThenPace(Workload.CHAIN, 2000, 500, 2, 100, AddressBatching.ON);
        System.out.println(
                "per address "
                        + result.invocationsPerMessage()
                        + ", batched "
                        + batched.invocationsPerMessage());
        assertThat(batched.problem()).isNull();
        assertThat(batched.verified()).isTrue();
        assertThat(batched.invocationsPerMessage())
                .isGreaterThan(0)
                .isLessThan(result.invocationsPerMessage());
        // The SDK's server times its invocations; the adapter server does not, and says so (the
        // comparison then estimates the duration rather than billing nothing).
        assertThat(result.millisPerInvocation()).isGreaterThan(0);
        assertThat(batched.millisPerInvocation()).isNaN();
    }

    /**
     * The {@code --address-batching} run: the functions behind Ferry's Knative adapter server, a
     * Knative endpoint sending address batches. It verifies, and the two invocations a chain
     * message costs with one address per request ride in fewer requests.
     */
    @Test
    void aChainRunWithAddressBatchesVerifies(@TempDir Path checkpoints) throws Exception {
        try (FunctionServerProcess functions = new FunctionServerProcess(AddressBatching.ON)) {
            BenchmarkRun.Result result =
                    BenchmarkRun.run(Workload.CHAIN, 2000, 100, 2000, functions, checkpoints);
            assertThat(result.problem()).isNull();
            assertThat(result.verified()).isTrue();
            assertThat(result.invocationsPerMessage()).isGreaterThan(0).isLessThan(1.0);
        }
    }
}
