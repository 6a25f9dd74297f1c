package dev.ferry.runtime.embedded;

import dev.ferry.runtime.core.translation.FerryTopology;
import dev.ferry.runtime.core.translation.JobPlan;
import java.io.IOException;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a Ferry job on a Flink MiniCluster inside this JVM. */
public final class EmbeddedRunner {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRunner.class);

    private EmbeddedRunner() {}

    /**
     * Resolves {@code --restore}: {@code latest}, a path, or nothing; a path must be a checkpoint
     * or savepoint (a folder with {@code _metadata}, or that file). The filesystems must be
     * initialized ({@link #prepareStorage}).
     */
    public static String restorePath(EmbeddedOptions options) throws IOException {
        if (options.restore() == null) {
            return null;
        }
        if (options.restore().equals("latest")) {
            return RetainedCheckpoints.latestUri(options.checkpointUri())
                    .orElseThrow(
                            () ->
                                    new IllegalArgumentException(
                                            "--restore latest: no complete checkpoint under "
                                                    + options.checkpointUri()));
        }
        checkRestorePath(options.restore());
        return options.restore();
    }

    /**
     * Fails with what to pass instead when {@code restore} names nothing, or a folder that is no
     * checkpoint or savepoint (no {@code _metadata} in it), such as the checkpoint directory
     * itself.
     */
    private static void checkRestorePath(String restore) throws IOException {
        // A path without a scheme is a local one, as Flink reads it.
        String uri =
                restore.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")
                        ? restore
                        : java.nio.file.Path.of(restore).toAbsolutePath().toUri().toString();
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(uri);
        FileSystem fs = path.getFileSystem();
        if (!fs.exists(path)) {
            throw new IllegalArgumentException(
                    "--restore " + restore + ": there is no such file or folder");
        }
        if (!fs.getFileStatus(path).isDir()
                || fs.exists(new org.apache.flink.core.fs.Path(path, "_metadata"))) {
            return;
        }
        String newest =
                RetainedCheckpoints.latestUri(uri)
                        .map(
                                checkpoint ->
                                        "; the newest complete checkpoint under it is "
                                                + checkpoint
                                                + ": pass that, or --restore latest with"
                                                + " --checkpoint-dir "
                                                + restore)
                        .orElse("");
        throw new IllegalArgumentException(
                "--restore "
                        + restore
                        + ": not a checkpoint or savepoint (a chk-N or savepoint folder holds a"
                        + " _metadata file)"
                        + newest);
    }

    /**
     * Loads the filesystem plugins with the filesystem settings of {@code options} and, unless
     * turned off, checks that the checkpoint directory takes a probe object.
     *
     * @throws CheckpointStorageException naming the setting to fix
     */
    public static void prepareStorage(EmbeddedOptions options) {
        Configuration conf = FlinkSettings.of(options, null);
        CheckpointStorage.completeSettings(conf);
        FileSystemPlugins.initialize(conf, FileSystemPlugins.folder(options.pluginsDir()));
        if (options.preflight()) {
            long started = System.nanoTime();
            CheckpointStorage.preflight(
                    options.checkpointUri(), conf, CheckpointStorage.preflightTimeout(conf));
            LOG.info(
                    "Checkpoint storage {} takes writes, listings and deletes ({} ms)",
                    options.checkpointUri(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Starts the job and returns its client; the caller waits or cancels. */
    public static JobClient start(JobPlan plan, EmbeddedOptions options) throws Exception {
        return start(plan, options, restore -> {});
    }

    /**
     * As {@link #start(JobPlan, EmbeddedOptions)}; {@code restoring} is told the checkpoint or
     * savepoint the job resumes from ({@code --restore latest} resolved), before the job starts.
     */
    public static JobClient start(JobPlan plan, EmbeddedOptions options, Consumer<String> restoring)
            throws Exception {
        prepareStorage(options);
        String restore = restorePath(options);
        if (restore != null) {
            restoring.accept(restore);
        }
        Configuration conf = FlinkSettings.of(options, restore);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(options.parallelism(), conf);
        FerryTopology.build(env, plan);
        if (restore != null) {
            LOG.info("Restoring from {}", restore);
        }
        return env.executeAsync("ferry");
    }
}
