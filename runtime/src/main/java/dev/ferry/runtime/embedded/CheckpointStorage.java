package dev.ferry.runtime.embedded;

import dev.ferry.runtime.config.FerryOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.EntropyInjector;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Checkpoint storage on a local folder, {@code s3://} or {@code gs://}: the defaults Ferry adds to
 * the filesystem settings, and a preflight that writes, lists and deletes a probe object under the
 * checkpoint directory before the job starts, so that a wrong bucket, missing credentials or an
 * unreachable endpoint fail at once with the setting to fix instead of at the first checkpoint.
 */
public final class CheckpointStorage {
    /** The AWS SDK's profile provider; the profile comes from {@code aws.profile}/AWS_PROFILE. */
    public static final String AWS_PROFILE_PROVIDER =
            "com.amazonaws.auth.profile.ProfileCredentialsProvider";

    private CheckpointStorage() {}

    /** The scheme of a checkpoint URI, {@code file} for a local path. */
    public static String scheme(String checkpointUri) {
        String scheme = URI.create(checkpointUri).getScheme();
        return scheme == null ? "file" : scheme.toLowerCase(Locale.ROOT);
    }

    static boolean isS3(String scheme) {
        return scheme.equals("s3") || scheme.equals("s3a");
    }

    /**
     * Fills in what the user left out ({@link FerryOptions#S3_ATTEMPTS}, {@link
     * FerryOptions#S3_CREDENTIALS_PROVIDER}). For {@code s3://} without static keys or a provider,
     * the credentials come from the AWS SDK's default chain (Hadoop's own default list has neither
     * profiles nor web identity, which pods on EKS use).
     */
    public static void completeSettings(Configuration conf) {
        boolean keys = has(conf, "s3.access-key", "s3.access.key", "fs.s3a.access.key");
        if (!keys && !conf.contains(FerryOptions.S3_CREDENTIALS_PROVIDER)) {
            conf.set(
                    FerryOptions.S3_CREDENTIALS_PROVIDER,
                    FerryOptions.S3_CREDENTIALS_PROVIDER.defaultValue());
        }
        if (!conf.contains(FerryOptions.S3_ATTEMPTS)) {
            conf.set(FerryOptions.S3_ATTEMPTS, FerryOptions.S3_ATTEMPTS.defaultValue());
        }
    }

    /** The preflight's time bound ({@link FerryOptions#PREFLIGHT_TIMEOUT}). */
    public static Duration preflightTimeout(Configuration conf) {
        try {
            return conf.get(FerryOptions.PREFLIGHT_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    FerryOptions.PREFLIGHT_TIMEOUT.key()
                            + " '"
                            + conf.toMap().get(FerryOptions.PREFLIGHT_TIMEOUT.key())
                            + "' is not a duration, such as 30 s");
        }
    }

    private static boolean has(Configuration conf, String... keys) {
        for (String key : keys) {
            if (conf.containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes, lists and deletes a probe object under the checkpoint directory.
     *
     * @throws CheckpointStorageException naming the setting to fix
     */
    public static void preflight(String checkpointUri, Configuration conf, Duration timeout) {
        if (scheme(checkpointUri).equals("gs")) {
            GoogleCredentialsCheck.require(checkpointUri, conf, System.getenv());
        }
        FutureTask<Void> probe = new FutureTask<>(() -> probe(checkpointUri));
        Thread thread = new Thread(probe, "ferry-checkpoint-preflight");
        thread.setDaemon(true);
        thread.start();
        try {
            probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new CheckpointStorageException(
                    explain(
                            checkpointUri,
                            conf,
                            Problem.NO_ANSWER,
                            "no answer within "
                                    + timeout.toSeconds()
                                    + " s ("
                                    + FerryOptions.PREFLIGHT_TIMEOUT.key()
                                    + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckpointStorageException("interrupted while checking " + checkpointUri);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new CheckpointStorageException(
                    explain(checkpointUri, conf, classify(cause), rootMessage(cause)), cause);
        }
    }

    private static Void probe(String checkpointUri) throws IOException {
        Path dir = new Path(checkpointUri);
        FileSystem fs = dir.getFileSystem();
        dir = EntropyInjector.removeEntropyMarkerIfPresent(fs, dir);
        Path probe = new Path(dir, ".ferry-preflight-" + UUID.randomUUID());
        try (FSDataOutputStream out = fs.create(probe, FileSystem.WriteMode.OVERWRITE)) {
            out.write("ferry checkpoint preflight\n".getBytes(StandardCharsets.UTF_8));
        }
        boolean listed = false;
        FileStatus[] entries = fs.listStatus(dir);
        if (entries != null) {
            for (FileStatus entry : entries) {
                listed |= entry.getPath().getName().equals(probe.getName());
            }
        }
        fs.delete(probe, false);
        if (!listed) {
            throw new IOException("the probe object " + probe + " was written but not listed");
        }
        return null;
    }

    enum Problem {
        PLUGIN,
        ENDPOINT,
        NO_ANSWER,
        CREDENTIALS_MISSING,
        CREDENTIALS_REFUSED,
        BUCKET,
        OTHER
    }

    static Problem classify(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        String all = text.toString().toLowerCase(Locale.ROOT);
        if (all.contains("unsupportedfilesystemschemeexception")
                || all.contains("could not find a file system implementation")) {
            return Problem.PLUGIN;
        }
        if (all.contains("nosuchbucket")
                || all.contains("unknownstoreexception")
                || all.contains("bucket does not exist")
                || all.contains("the specified bucket does not exist")) {
            return Problem.BUCKET;
        }
        if (all.contains("no aws credentials")
                || all.contains("unable to load aws credentials")
                || all.contains("nocredentialsprovider")
                || all.contains("noawscredentialsexception")
                || all.contains("application default credentials are not available")
                // No key file, no GOOGLE_APPLICATION_CREDENTIALS: the GCS connector asks the
                // metadata server, which only exists on Google Cloud.
                || all.contains("computemetadata/v1/instance/service-accounts")
                || all.contains("credentials were not found")) {
            return Problem.CREDENTIALS_MISSING;
        }
        if (all.contains("invalidaccesskeyid")
                || all.contains("signaturedoesnotmatch")
                || all.contains("accessdenied")
                || all.contains("access denied")
                || all.contains("403 forbidden")
                || all.contains("status code: 403")
                || all.contains("401 unauthorized")
                || all.contains("invalid_grant")) {
            return Problem.CREDENTIALS_REFUSED;
        }
        if (all.contains("unknownhostexception")
                || all.contains("connectexception")
                || all.contains("connection refused")
                || all.contains("connect timed out")
                || all.contains("sockettimeoutexception")
                || all.contains("unable to execute http request")
                || all.contains("nohttpresponseexception")) {
            return Problem.ENDPOINT;
        }
        return Problem.OTHER;
    }

    static String explain(String uri, Configuration conf, Problem problem, String cause) {
        String scheme = scheme(uri);
        String bucket = URI.create(uri).getHost();
        String prefix = "checkpoint storage " + uri + ": ";
        String fix;
        if (problem == Problem.PLUGIN) {
            fix =
                    "no filesystem for '"
                            + scheme
                            + "://'; point --plugins-dir (or FERRY_PLUGINS_DIR) at a plugins folder"
                            + " holding s3-fs-hadoop/ and gs-fs-hadoop/ (built by the s3-checkpoints"
                            + " module: ./mvnw -pl s3-checkpoints package)";
        } else if (isS3(scheme)) {
            fix = explainS3(conf, problem, bucket);
        } else if (scheme.equals("gs")) {
            fix = explainGcs(problem, bucket);
        } else {
            fix = "cannot write, list and delete a probe file there; check --checkpoint-dir";
        }
        return prefix + fix + " (" + cause + ")";
    }

    private static String explainS3(Configuration conf, Problem problem, String bucket) {
        String endpoint = conf.getString("s3.endpoint", null);
        return switch (problem) {
            case ENDPOINT ->
                    "cannot reach the S3 endpoint "
                            + (endpoint == null ? "of the region" : endpoint)
                            + "; check --s3-endpoint (s3.endpoint) and --s3-region"
                            + " (s3.endpoint.region)";
            case NO_ANSWER ->
                    "the S3 endpoint "
                            + (endpoint == null ? "of the region" : endpoint)
                            + " is unreachable or keeps failing the probe; check --s3-endpoint"
                            + " (s3.endpoint), --s3-region (s3.endpoint.region), --s3-path-style"
                            + " and the credentials";
            case CREDENTIALS_MISSING ->
                    "no AWS credentials found; give --s3-access-key and --s3-secret-key"
                            + " (s3.access-key, s3.secret-key), --aws-profile, or credentials of"
                            + " the default chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
                            + " ~/.aws/credentials, an instance or pod role)";
            case CREDENTIALS_REFUSED ->
                    "S3 refused the credentials or the access to bucket '"
                            + bucket
                            + "'; check --s3-access-key/--s3-secret-key or --aws-profile, and"
                            + " that the policy allows s3:ListBucket, s3:GetObject, s3:PutObject"
                            + " and s3:DeleteObject on it";
            case BUCKET ->
                    "bucket '"
                            + bucket
                            + "' does not exist; fix the bucket in --checkpoint-dir (or"
                            + " --s3-endpoint/--s3-region if it lives elsewhere)";
            default ->
                    "cannot write, list and delete a probe object in bucket '"
                            + bucket
                            + "'; check --checkpoint-dir, --s3-endpoint, --s3-path-style and the"
                            + " credentials";
        };
    }

    private static String explainGcs(Problem problem, String bucket) {
        return switch (problem) {
            case ENDPOINT, NO_ANSWER ->
                    "cannot reach Cloud Storage; check the network (and gs.storage.root.url,"
                            + " which only emulators set)";
            case CREDENTIALS_MISSING ->
                    "no Google credentials found; give --gcs-credentials KEY.json"
                            + " (gs.auth.service.account.json.keyfile), set"
                            + " GOOGLE_APPLICATION_CREDENTIALS, or run on Google Cloud with a"
                            + " service account (workload identity on GKE)";
            case CREDENTIALS_REFUSED ->
                    "Cloud Storage refused the credentials or the access to bucket '"
                            + bucket
                            + "'; check --gcs-credentials and that the account has"
                            + " roles/storage.objectAdmin on the bucket";
            case BUCKET ->
                    "bucket '" + bucket + "' does not exist; fix the bucket in --checkpoint-dir";
            default ->
                    "cannot write, list and delete a probe object in bucket '"
                            + bucket
                            + "'; check --checkpoint-dir, --gcs-project and the credentials";
        };
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        int newline = message.indexOf('\n');
        if (newline > 0) {
            message = message.substring(0, newline);
        }
        if (message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return root.getClass().getSimpleName() + ": " + message;
    }
}
