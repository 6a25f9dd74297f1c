package dev.ferry.runtime.cli;

import dev.ferry.runtime.embedded.CheckpointStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The checkpoint options of {@code ferry run}: where the filesystem plugins are, how to reach S3 or
 * GCS, and how checkpoints are taken and kept. Each option maps to the Flink or filesystem setting
 * named in its description, so a {@code --flink-conf} file can set the same; options given on the
 * command line win over the file.
 */
final class CheckpointStorageOptions {

    @Option(
            names = "--plugins-dir",
            paramLabel = "DIR",
            description =
                    "filesystem plugins folder (s3-fs-hadoop/, gs-fs-hadoop/); default:"
                            + " $FERRY_PLUGINS_DIR, $FLINK_PLUGINS_DIR, ./plugins")
    Path pluginsDir;

    @Option(
            names = "--s3-endpoint",
            paramLabel = "URL",
            description = "S3 endpoint for S3-compatible stores (s3.endpoint)")
    String s3Endpoint;

    @Option(
            names = "--s3-region",
            paramLabel = "REGION",
            description = "region of the bucket (s3.endpoint.region)")
    String s3Region;

    @Option(
            names = "--s3-path-style",
            description = "path-style requests, for S3-compatible stores (s3.path.style.access)")
    boolean s3PathStyle;

    @Option(
            names = "--s3-access-key",
            paramLabel = "KEY",
            description =
                    "static access key (s3.access-key); default: the AWS default credential chain")
    String s3AccessKey;

    @Option(
            names = "--s3-secret-key",
            paramLabel = "KEY",
            description = "static secret key (s3.secret-key); prefer AWS_SECRET_ACCESS_KEY")
    String s3SecretKey;

    @Option(
            names = "--aws-profile",
            paramLabel = "NAME",
            description = "credentials of a profile in ~/.aws (s3.aws.credentials.provider)")
    String awsProfile;

    @Option(
            names = "--gcs-project",
            paramLabel = "ID",
            description = "Google Cloud project of the bucket (gs.project.id)")
    String gcsProject;

    @Option(
            names = "--gcs-credentials",
            paramLabel = "FILE",
            description =
                    "service account key file (gs.auth.service.account.json.keyfile); default:"
                            + " application default credentials")
    Path gcsCredentials;

    @Option(
            names = "--entropy-key",
            paramLabel = "MARKER",
            description =
                    "S3 entropy injection: this marker in --checkpoint-dir is replaced by random"
                            + " characters in data file paths (s3.entropy.key)")
    String entropyKey;

    @Option(
            names = "--entropy-length",
            paramLabel = "N",
            description = "random characters replacing the entropy marker (s3.entropy.length)")
    Integer entropyLength;

    @Option(
            names = "--checkpoint-timeout",
            paramLabel = "DURATION",
            description = "a checkpoint not done by then fails (execution.checkpointing.timeout)")
    String checkpointTimeout;

    @Option(
            names = "--min-pause",
            paramLabel = "DURATION",
            description =
                    "least time between the end of a checkpoint and the start of the next"
                            + " (execution.checkpointing.min-pause)")
    String minPause;

    @Option(
            names = "--incremental",
            paramLabel = "true|false",
            arity = "1",
            description =
                    "incremental RocksDB checkpoints (execution.checkpointing.incremental; default: true)")
    Boolean incremental;

    @Option(
            names = "--changelog",
            paramLabel = "true|false",
            arity = "1",
            description =
                    "log state changes and upload them at each checkpoint, so a checkpoint does not"
                            + " pause the job for a RocksDB snapshot (state.changelog.enabled;"
                            + " default: false; files in <checkpoint-dir>/changelog)")
    Boolean changelog;

    @Option(
            names = "--retain-on-cancel",
            paramLabel = "true|false",
            arity = "1",
            description =
                    "keep the last checkpoint when the job is stopped"
                            + " (execution.checkpointing.externalized-checkpoint-retention;"
                            + " default: true)")
    Boolean retainOnCancel;

    @Option(
            names = "--retained-checkpoints",
            paramLabel = "N",
            description =
                    "completed checkpoints kept (execution.checkpointing.num-retained; default 2:"
                            + " see docs/state-and-checkpoints.md)")
    Integer retainedCheckpoints;

    @Option(
            names = "--no-preflight",
            description =
                    "skip writing, listing and deleting a probe object in the checkpoint"
                            + " directory before the job starts")
    boolean noPreflight;

    /** The Flink and filesystem settings of the options given. */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        put(settings, "s3.endpoint", s3Endpoint);
        put(settings, "s3.endpoint.region", s3Region);
        if (s3PathStyle) {
            settings.put("s3.path.style.access", "true");
        }
        if ((s3AccessKey == null) != (s3SecretKey == null)) {
            throw new IllegalArgumentException(
                    "--s3-access-key and --s3-secret-key go together; give both or neither");
        }
        if (s3AccessKey != null && awsProfile != null) {
            throw new IllegalArgumentException(
                    "--aws-profile and --s3-access-key exclude each other; give one");
        }
        put(settings, "s3.access-key", s3AccessKey);
        put(settings, "s3.secret-key", s3SecretKey);
        if (awsProfile != null) {
            settings.put("s3.aws.credentials.provider", CheckpointStorage.AWS_PROFILE_PROVIDER);
        }
        put(settings, "gs.project.id", gcsProject);
        if (gcsCredentials != null) {
            if (!Files.isReadable(gcsCredentials)) {
                throw new IllegalArgumentException(
                        "--gcs-credentials " + gcsCredentials + " is not a readable file");
            }
            settings.put("gs.auth.service.account.enable", "true");
            settings.put(
                    "gs.auth.service.account.json.keyfile",
                    gcsCredentials.toAbsolutePath().toString());
        }
        put(settings, "s3.entropy.key", entropyKey);
        put(settings, "s3.entropy.length", entropyLength);
        if (checkpointTimeout != null) {
            RunCommand.duration("--checkpoint-timeout", checkpointTimeout);
            settings.put("execution.checkpointing.timeout", checkpointTimeout);
        }
        if (minPause != null) {
            RunCommand.duration("--min-pause", minPause);
            settings.put("execution.checkpointing.min-pause", minPause);
        }
        put(settings, "execution.checkpointing.incremental", incremental);
        put(settings, "state.changelog.enabled", changelog);
        if (retainOnCancel != null) {
            settings.put(
                    "execution.checkpointing.externalized-checkpoint-retention",
                    retainOnCancel ? "RETAIN_ON_CANCELLATION" : "DELETE_ON_CANCELLATION");
        }
        if (retainedCheckpoints != null) {
            if (retainedCheckpoints < 1) {
                throw new IllegalArgumentException("--retained-checkpoints must be at least 1");
            }
            settings.put("execution.checkpointing.num-retained", retainedCheckpoints.toString());
        }
        return settings;
    }

    /**
     * Makes the profile visible to the AWS SDK in the plugin: its profile provider reads the {@code
     * aws.profile} system property when AWS_PROFILE is unset.
     */
    void applyProfile() {
        if (awsProfile != null) {
            System.setProperty("aws.profile", awsProfile);
        }
    }

    private static void put(Map<String, String> settings, String key, Object value) {
        if (value != null) {
            settings.put(key, value.toString());
        }
    }
}
