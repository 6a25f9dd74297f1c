package dev.ferry.runtime.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How {@code ferry run} runs a module in this JVM.
 *
 * @param checkpointDir where checkpoints go (a local path or a filesystem URI)
 * @param checkpointInterval how often to checkpoint; exactly-once egress latency is at least this
 * @param parallelism subtasks of the function operator
 * @param restore a checkpoint or savepoint to start from, {@code latest} for the newest retained
 *     checkpoint under {@code checkpointDir}, or null to start fresh
 * @param bufferTimeout how long Flink may hold a network buffer before sending it
 * @param flinkConfiguration further Flink settings, applied last; the filesystem settings among
 *     them ({@code s3.*}, {@code gs.*}) configure the filesystem plugins
 * @param pluginsDir the filesystem plugins folder, or null for the default ({@link
 *     FileSystemPlugins#folder})
 * @param preflight whether to write, list and delete a probe object in the checkpoint directory
 *     before the job starts
 */
public record EmbeddedOptions(
        String checkpointDir,
        Duration checkpointInterval,
        int parallelism,
        String restore,
        Duration bufferTimeout,
        Map<String, String> flinkConfiguration,
        Path pluginsDir,
        boolean preflight) {

    public static final String DEFAULT_CHECKPOINT_DIR = "ferry-data/checkpoints";
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    /** Flink's 100 ms default dominates end-to-end latency; a few ms costs little throughput. */
    public static final Duration DEFAULT_BUFFER_TIMEOUT = Duration.ofMillis(5);

    public EmbeddedOptions {
        flinkConfiguration = Map.copyOf(flinkConfiguration);
    }

    /** Options with the default plugins folder and the preflight on. */
    public EmbeddedOptions(
            String checkpointDir,
            Duration checkpointInterval,
            int parallelism,
            String restore,
            Duration bufferTimeout,
            Map<String, String> flinkConfiguration) {
        this(
                checkpointDir,
                checkpointInterval,
                parallelism,
                restore,
                bufferTimeout,
                flinkConfiguration,
                null,
                true);
    }

    public static EmbeddedOptions defaults() {
        return new EmbeddedOptions(
                DEFAULT_CHECKPOINT_DIR,
                DEFAULT_CHECKPOINT_INTERVAL,
                1,
                null,
                DEFAULT_BUFFER_TIMEOUT,
                Map.of());
    }

    /** The checkpoint directory as a URI Flink understands. */
    public String checkpointUri() {
        return checkpointDir.contains("://")
                ? checkpointDir
                : Path.of(checkpointDir).toAbsolutePath().toUri().toString();
    }
}
