package dev.ferry.runtime.embedded;

import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;

/**
 * The Flink configuration of a Ferry job: RocksDB with incremental checkpoints and RocksDB timers,
 * exactly-once aligned checkpoints retained on cancellation, a short network buffer timeout and a
 * restart strategy that keeps trying.
 */
public final class FlinkSettings {
    private FlinkSettings() {}

    public static Configuration of(EmbeddedOptions options, String restorePath) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.setString("state.backend.rocksdb.timer-service.factory", "ROCKSDB");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, options.checkpointUri());
        conf.set(
                ExecutionCheckpointingOptions.CHECKPOINTING_INTERVAL, options.checkpointInterval());
        conf.set(
                ExecutionCheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        // Unaligned checkpoints are off by default and not set here: a user's setting, under the
        // current or the deprecated key, must reach FerryTopology, which refuses it with a reason.
        conf.setString(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        conf.set(ExecutionCheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS, 1);
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, options.bufferTimeout());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                java.time.Duration.ofSeconds(1));
        conf.setString("pipeline.auto-generate-uids", "false");
        if (restorePath != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restorePath);
        }
        for (Map.Entry<String, String> setting : options.flinkConfiguration().entrySet()) {
            conf.setString(setting.getKey(), setting.getValue());
        }
        return conf;
    }
}
