package dev.ferry.runtime.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.runtime.config.FerryOptions;
import dev.ferry.runtime.core.dispatch.DispatcherSpec;
import dev.ferry.runtime.core.translation.FerryTopology;
import dev.ferry.runtime.core.translation.JobPlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.RestoreMode;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Flink configuration of {@code ferry run}, and the refusal of unaligned checkpoints. */
class FlinkSettingsTest {
    private static final JobPlan EMPTY =
            new JobPlan(List.of(), new DispatcherSpec(List.of(), Set.of(), 0), List.of());

    @Test
    void defaultsAreRocksDbIncrementalRetainedAndLowLatency() {
        Configuration conf = FlinkSettings.of(EmbeddedOptions.defaults(), "file:///tmp/chk-7");
        assertThat(conf.toMap())
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("state.backend.rocksdb.timer-service.factory", "ROCKSDB")
                .containsEntry(
                        "execution.checkpointing.externalized-checkpoint-retention",
                        "RETAIN_ON_CANCELLATION");
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(conf.get(CheckpointingOptions.ENABLE_UNALIGNED)).isFalse();
        assertThat(conf.get(ExecutionOptions.BUFFER_TIMEOUT)).isEqualTo(Duration.ofMillis(5));
        assertThat(conf.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo("file:///tmp/chk-7");
    }

    @Test
    void restartsBackOffExponentiallyAndEndAfterABoundedNumber() {
        Configuration conf = FlinkSettings.of(EmbeddedOptions.defaults(), null);
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("exponential-delay");
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(FerryOptions.MAX_RESTARTS.defaultValue())
                .isLessThan(Integer.MAX_VALUE);
        assertThat(
                        conf.get(
                                RestartStrategyOptions
                                        .RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD))
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void restartSettingsOfTheUserWin() {
        EmbeddedOptions options = withSetting(FerryOptions.MAX_RESTARTS.key(), "2");
        assertThat(
                        FlinkSettings.of(options, null)
                                .get(
                                        RestartStrategyOptions
                                                .RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "execution.checkpointing.unaligned",
                "execution.checkpointing.unaligned.enabled"
            })
    void unalignedCheckpointsFromTheUserAreRefusedWithTheReason(String key) {
        EmbeddedOptions options = withSetting(key, "true");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(options, null));
        assertThatThrownBy(() -> FerryTopology.build(env, EMPTY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unaligned checkpoints cannot be used")
                .hasMessageContaining("cycle");
    }

    @Test
    void aCheckpointThatCannotFinishIsAbortedAfterAMinuteUnlessTheUserSaysOtherwise() {
        EmbeddedOptions defaults = EmbeddedOptions.defaults();
        assertThat(
                        FlinkSettings.of(defaults, null)
                                .get(ExecutionCheckpointingOptions.CHECKPOINTING_TIMEOUT))
                .isEqualTo(Duration.ofMinutes(1));
        EmbeddedOptions options = withSetting("execution.checkpointing.timeout", "5 min");
        assertThat(
                        FlinkSettings.of(options, null)
                                .get(ExecutionCheckpointingOptions.CHECKPOINTING_TIMEOUT))
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void twoCompletedCheckpointsAreKeptUnlessTheUserSaysOtherwise() {
        EmbeddedOptions defaults = EmbeddedOptions.defaults();
        assertThat(
                        FlinkSettings.of(defaults, null)
                                .get(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS))
                .isEqualTo(2);
        EmbeddedOptions options = withSetting("execution.checkpointing.num-retained", "1");
        assertThat(
                        FlinkSettings.of(options, null)
                                .get(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS))
                .isEqualTo(1);
    }

    @Test
    void theChangelogIsOffUnlessAskedForAndThenWritesBesideTheCheckpoints() {
        assertThat(
                        FlinkSettings.of(EmbeddedOptions.defaults(), null)
                                .get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG))
                .isFalse();
        Configuration on = FlinkSettings.of(withSetting("state.changelog.enabled", "true"), null);
        String checkpoints = EmbeddedOptions.defaults().checkpointUri();
        assertThat(on.get(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE)).isEqualTo("filesystem");
        assertThat(on.toMap().get("state.changelog.dstl.dfs.base-path"))
                .startsWith(checkpoints.replaceAll("/$", ""))
                .endsWith("/" + FlinkSettings.CHANGELOG_FOLDER)
                .doesNotContain("//" + FlinkSettings.CHANGELOG_FOLDER);
    }

    @Test
    void withTheChangelogOnARestoreClaimsItsSnapshotUnlessTheUserSaysOtherwise() {
        EmbeddedOptions changelog = withSetting("state.changelog.enabled", "true");
        assertThat(
                        FlinkSettings.of(changelog, "file:///tmp/chk-1")
                                .get(StateRecoveryOptions.RESTORE_MODE))
                .isEqualTo(RestoreMode.CLAIM);
        assertThat(FlinkSettings.claimsRestoredSnapshot(changelog)).isTrue();
        assertThat(FlinkSettings.claimsRestoredSnapshot(EmbeddedOptions.defaults())).isFalse();
        assertThat(
                        FlinkSettings.of(EmbeddedOptions.defaults(), "file:///tmp/chk-1")
                                .get(StateRecoveryOptions.RESTORE_MODE))
                .isEqualTo(RestoreMode.NO_CLAIM);
        EmbeddedOptions legacy =
                withSettings(
                        Map.of(
                                "state.changelog.enabled", "true",
                                "execution.state-recovery.claim-mode", "LEGACY"));
        assertThat(
                        FlinkSettings.of(legacy, "file:///tmp/chk-1")
                                .get(StateRecoveryOptions.RESTORE_MODE))
                .isEqualTo(RestoreMode.LEGACY);
    }

    @Test
    void aChangelogPathOfTheUserWins() {
        EmbeddedOptions options =
                withSettings(
                        Map.of(
                                "state.changelog.enabled", "true",
                                "state.changelog.dstl.dfs.base-path", "s3://bucket/changes"));
        assertThat(FlinkSettings.of(options, null).toMap())
                .containsEntry("state.changelog.dstl.dfs.base-path", "s3://bucket/changes");
    }

    @Test
    void networkBuffersHoldAFractionOfASecondOfWorkUnlessTheUserSaysOtherwise() {
        EmbeddedOptions defaults = EmbeddedOptions.defaults();
        Configuration conf = FlinkSettings.of(defaults, null);
        assertThat(conf.get(TaskManagerOptions.BUFFER_DEBLOAT_ENABLED)).isTrue();
        assertThat(conf.get(TaskManagerOptions.BUFFER_DEBLOAT_TARGET))
                .isEqualTo(Duration.ofMillis(100))
                .isLessThan(defaults.checkpointInterval());
        assertThat(conf.get(NettyShuffleEnvironmentOptions.NETWORK_MAX_BUFFERS_PER_CHANNEL))
                .isEqualTo(2);
        assertThat(conf.get(NettyShuffleEnvironmentOptions.NETWORK_EXTRA_BUFFERS_PER_GATE))
                .isEqualTo(2);
        assertThat(conf.get(TaskManagerOptions.MEMORY_SEGMENT_SIZE))
                .isEqualTo(MemorySize.parse("4kb"));
        assertThat(conf.get(TaskManagerOptions.BUFFER_DEBLOAT_SAMPLES)).isEqualTo(5);
        EmbeddedOptions options =
                withSetting("taskmanager.network.memory.buffer-debloat.enabled", "false");
        assertThat(FlinkSettings.of(options, null).get(TaskManagerOptions.BUFFER_DEBLOAT_ENABLED))
                .isFalse();
    }

    /** The embedded defaults with one Flink setting of the user's. */
    private static EmbeddedOptions withSetting(String key, String value) {
        return withSettings(Map.of(key, value));
    }

    /** The embedded defaults with Flink settings of the user's. */
    private static EmbeddedOptions withSettings(Map<String, String> settings) {
        EmbeddedOptions defaults = EmbeddedOptions.defaults();
        return new EmbeddedOptions(
                defaults.checkpointDir(),
                defaults.checkpointInterval(),
                1,
                null,
                defaults.bufferTimeout(),
                settings);
    }
}
