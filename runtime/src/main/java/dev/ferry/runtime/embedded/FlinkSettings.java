package dev.ferry.runtime.embedded;

import dev.ferry.runtime.config.FerryOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.RestoreMode;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;

/**
 * The Flink configuration of a Ferry job: RocksDB with incremental checkpoints and RocksDB timers,
 * exactly-once aligned checkpoints retained on cancellation, a short network buffer timeout,
 * network buffers sized so that a checkpoint barrier is not held behind seconds of queued records,
 * and exponential-delay restarts with a bounded number of attempts, so that a permanent error ends
 * the run with its cause instead of restarting it forever; no jar submission through the REST
 * endpoint.
 */
public final class FlinkSettings {
    /** The restart settings Ferry gives its own defaults. */
    static final List<ConfigOption<?>> RESTART_OPTIONS =
            List.of(
                    FerryOptions.MAX_RESTARTS,
                    FerryOptions.RESTART_WINDOW,
                    FerryOptions.RESTART_INITIAL_DELAY,
                    FerryOptions.RESTART_MAX_DELAY,
                    FerryOptions.RESTART_DELAY_MULTIPLIER);

    /** The folder of the checkpoint directory the state changelog goes to by default. */
    public static final String CHANGELOG_FOLDER = "changelog";

    /** Where the filesystem changelog storage writes (Flink's {@code FsStateChangelogOptions}). */
    static final String CHANGELOG_BASE_PATH = "state.changelog.dstl.dfs.base-path";

    /** How long ferry run lets a checkpoint take before it is aborted (Flink's default: 10 min). */
    public static final Duration DEFAULT_CHECKPOINT_TIMEOUT = Duration.ofMinutes(1);

    /**
     * Completed checkpoints ferry run keeps (Flink's default: 1). A task builds its incremental
     * RocksDB snapshot on the newest checkpoint it was told had completed. Flink 1.20's checkpoint
     * coordinator hands the next, queued trigger to its timer thread before it sends the completion
     * notices ({@code CheckpointCoordinator#completePendingCheckpoint}), so when a checkpoint
     * outlasts the interval (a loaded machine), the next barrier can reach a task before the
     * notice: its snapshot then refers to files of the checkpoint before the last. Where the last
     * one did not refer to the same files (its own snapshot was built late the same way), the
     * JobManager, keeping one checkpoint, has already let them go and refuses the acknowledgement
     * ("Attempt to reference unknown state"); that checkpoint then waits for its timeout. Keeping
     * the one before too makes a notice one checkpoint late harmless; it costs the files only that
     * checkpoint still holds.
     */
    public static final int DEFAULT_RETAINED_CHECKPOINTS = 2;

    /**
     * How long the records in flight on one network connection may take the receiving task to work
     * through, as Flink's buffer debloating sizes the buffers (Flink's default: 1 s).
     */
    public static final Duration IN_FLIGHT_TARGET = Duration.ofMillis(100);

    /** Network buffers a task may fill per outgoing channel, and floating ones per input gate. */
    public static final int BUFFERS_PER_CHANNEL = 2;

    /**
     * The size of a network buffer (Flink's default: 32 KB, some 400 of Ferry's messages). It caps
     * what one buffer holds before debloating has measured the receiver's throughput.
     */
    public static final MemorySize BUFFER_SIZE = MemorySize.parse("4kb");

    /**
     * Throughput samples debloating averages (Flink's default: 20, at one per 200 ms), so that the
     * buffers shrink within a second when the receiver slows down.
     */
    public static final int DEBLOAT_SAMPLES = 5;

    private FlinkSettings() {}

    /**
     * The TaskManager network settings that let a checkpoint complete at its interval while the job
     * works through a backlog. An aligned barrier queues behind every record in the network buffers
     * before the function operator, and with Flink's defaults those hold seconds of work when the
     * functions are the bottleneck. Buffer debloating sizes the buffers to {@link
     * #IN_FLIGHT_TARGET} of the receiver's measured throughput, and the buffer counts and size
     * bound what is queued before debloating has measured. On a cluster these belong in the
     * TaskManagers' configuration.
     */
    public static Configuration network() {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.BUFFER_DEBLOAT_ENABLED, true);
        conf.set(TaskManagerOptions.BUFFER_DEBLOAT_TARGET, IN_FLIGHT_TARGET);
        conf.set(TaskManagerOptions.BUFFER_DEBLOAT_SAMPLES, DEBLOAT_SAMPLES);
        conf.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, BUFFER_SIZE);
        conf.set(
                NettyShuffleEnvironmentOptions.NETWORK_MAX_BUFFERS_PER_CHANNEL,
                BUFFERS_PER_CHANNEL);
        conf.set(
                NettyShuffleEnvironmentOptions.NETWORK_EXTRA_BUFFERS_PER_GATE, BUFFERS_PER_CHANNEL);
        return conf;
    }

    private static <T> void setDefault(Configuration conf, ConfigOption<T> option) {
        conf.set(option, option.defaultValue());
    }

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
        // Flink's 10 min timeout would stall exactly-once egress that long behind one checkpoint
        // that cannot finish (seen here: an incremental RocksDB acknowledgement the JobManager
        // refused with "Attempt to reference unknown state", after which the checkpoint only waits
        // for its timeout). One minute aborts such a checkpoint soon; the next one starts afresh.
        conf.set(ExecutionCheckpointingOptions.CHECKPOINTING_TIMEOUT, DEFAULT_CHECKPOINT_TIMEOUT);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, DEFAULT_RETAINED_CHECKPOINTS);
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, options.bufferTimeout());
        conf.addAll(network());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        for (ConfigOption<?> restart : RESTART_OPTIONS) {
            setDefault(conf, restart);
        }
        conf.setString("pipeline.auto-generate-uids", "false");
        // The dashboard's jar upload and run would let any local process run code in this JVM; a
        // ferry run runs its module and nothing else. Viewing and cancelling stay as Flink has
        // them.
        conf.set(WebOptions.SUBMIT_ENABLE, false);
        if (restorePath != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restorePath);
        }
        for (Map.Entry<String, String> setting : options.flinkConfiguration().entrySet()) {
            conf.setString(setting.getKey(), setting.getValue());
        }
        if (conf.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)) {
            changelogBesideCheckpoints(conf, options.checkpointUri());
            if (restorePath != null && !conf.contains(StateRecoveryOptions.RESTORE_MODE)) {
                // Flink's default, NO_CLAIM, makes the first checkpoint after a restore a full
                // snapshot, which the changelog backend cannot take: that checkpoint, and with it
                // the job, would fail. The job claims the snapshot instead.
                conf.set(StateRecoveryOptions.RESTORE_MODE, RestoreMode.CLAIM);
            }
        }
        return conf;
    }

    /**
     * Whether a job with these options claims the checkpoint or savepoint it restores from: it does
     * when the changelog is on and no restore mode is set; Flink then deletes that snapshot once
     * newer checkpoints are retained.
     */
    public static boolean claimsRestoredSnapshot(EmbeddedOptions options) {
        return of(options, "restore").get(StateRecoveryOptions.RESTORE_MODE) == RestoreMode.CLAIM;
    }

    /**
     * With the changelog on, its files go beside the checkpoints ({@value #CHANGELOG_FOLDER}/ in
     * the checkpoint directory) unless the storage or its path is set.
     */
    private static void changelogBesideCheckpoints(Configuration conf, String checkpointUri) {
        if (!conf.contains(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE)) {
            conf.set(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE, "filesystem");
        }
        if ("filesystem".equals(conf.get(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE))
                && !conf.containsKey(CHANGELOG_BASE_PATH)) {
            String base = checkpointUri.endsWith("/") ? checkpointUri : checkpointUri + "/";
            conf.setString(CHANGELOG_BASE_PATH, base + CHANGELOG_FOLDER);
        }
    }
}
