package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.runtime.embedded.EmbeddedOptions;
import dev.ferry.runtime.embedded.FlinkSettings;
import java.io.IOException;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.executiongraph.failover.ExponentialDelayRestartBackoffTimeStrategy;
import org.apache.flink.runtime.executiongraph.failover.RestartBackoffTimeStrategy;
import org.apache.flink.runtime.executiongraph.failover.RestartBackoffTimeStrategyFactoryLoader;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --max-restarts} as the restart strategy Flink builds from the job's configuration: the
 * number of restarts in a row, zero included.
 */
class RestartOptionsTest {

    /**
     * The strategy Flink's JobMaster would make of the configuration {@code ferry run} gives it.
     */
    private static RestartBackoffTimeStrategy strategy(String... args) throws IOException {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        EmbeddedOptions defaults = EmbeddedOptions.defaults();
        EmbeddedOptions options =
                new EmbeddedOptions(
                        defaults.checkpointDir(),
                        defaults.checkpointInterval(),
                        1,
                        null,
                        defaults.bufferTimeout(),
                        run.flinkSettings());
        Configuration job = FlinkSettings.of(options, null);
        return RestartBackoffTimeStrategyFactoryLoader.createRestartBackoffTimeStrategyFactory(
                        RestartStrategies.fallBackRestart(), job, new Configuration(), true)
                .create();
    }

    @Test
    void theJobRestartsAsOftenAsMaxRestartsSays() throws IOException {
        // The strategy keeps its attempts to itself but for its description.
        assertThat(strategy("--max-restarts", "2", "m.yaml").toString())
                .startsWith(ExponentialDelayRestartBackoffTimeStrategy.class.getSimpleName())
                .contains("attemptsBeforeResetBackoff=2");
        assertThat(strategy("m.yaml").toString())
                .as("the default")
                .contains("attemptsBeforeResetBackoff=5");
    }

    /** Flink's exponential-delay strategy refuses zero attempts: the job would not start. */
    @Test
    void zeroMeansNoRestart() throws IOException {
        RestartBackoffTimeStrategy none = strategy("--max-restarts", "0", "m.yaml");
        none.notifyFailure(new RuntimeException("the first failure"));
        assertThat(none.canRestart()).isFalse();
    }
}
