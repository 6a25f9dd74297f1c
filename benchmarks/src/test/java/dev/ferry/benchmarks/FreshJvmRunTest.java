package dev.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FreshJvmRunTest {

    @Test
    void aChildKeepsTheHeapOpensAndSettingsButNotARecordingOrAgent() {
        List<String> options =
                List.of(
                        "-Xms2g",
                        "-Xmx2g",
                        "--add-opens=java.base/java.util=ALL-UNNAMED",
                        "-Dferry.bench.trace=true",
                        "-XX:StartFlightRecording=filename=bench.jfr",
                        "-XX:FlightRecorderOptions=stackdepth=128",
                        "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
                        "-javaagent:/tmp/agent.jar");

        assertThat(FreshJvmRun.childJvmOptions(options))
                .containsExactly(
                        "-Xms2g",
                        "-Xmx2g",
                        "--add-opens=java.base/java.util=ALL-UNNAMED",
                        "-Dferry.bench.trace=true");
    }

    @Test
    void aResultSurvivesTheWayBackFromTheChild() throws Exception {
        BenchmarkRun.Result result =
                new BenchmarkRun.Result(
                        Workload.COUNTER,
                        6000,
                        15466.2,
                        3.9,
                        123.3,
                        2.5,
                        0.4,
                        false,
                        "key 17 counted 3 of 4 messages",
                        0.031,
                        9876.5);

        String line = FreshJvmRun.encode(result);

        assertThat(line).startsWith(FreshJvmRun.RESULT_PREFIX).doesNotContain("\n");
        assertThat(FreshJvmRun.decode(line)).isEqualTo(result);
    }
}
