package dev.ferry.runtime.embedded;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Before a {@code gs://} preflight: where no Google credentials are configured, the GCS connector
 * takes them from the metadata server, which only Google Cloud has. Off Google Cloud the connector
 * retries that server for about a minute before it gives up; this check asks once, with a short
 * timeout, and reports missing credentials at once.
 */
final class GoogleCredentialsCheck {
    /** How long the metadata server may take to answer; on Google Cloud it answers in a few ms. */
    static final Duration METADATA_TIMEOUT = Duration.ofSeconds(2);

    /** Where the Google libraries look for it unless {@code GCE_METADATA_HOST} says otherwise. */
    static final String DEFAULT_METADATA_HOST = "169.254.169.254";

    /** The settings prefixes under which the GCS connector reads its credentials. */
    private static final String[] PREFIXES = {"gs.", "fs.gs.", "google.cloud."};

    private GoogleCredentialsCheck() {}

    /**
     * @throws CheckpointStorageException when nothing is configured and no metadata server answers
     */
    static void require(String checkpointUri, Configuration conf, Map<String, String> env) {
        if (configured(conf, env)) {
            return;
        }
        String host = env.getOrDefault("GCE_METADATA_HOST", DEFAULT_METADATA_HOST);
        String answer = askMetadataServer(host, METADATA_TIMEOUT);
        if (answer != null) {
            throw new CheckpointStorageException(
                    CheckpointStorage.explain(
                            checkpointUri,
                            conf,
                            CheckpointStorage.Problem.CREDENTIALS_MISSING,
                            "no credentials configured and no metadata server at "
                                    + host
                                    + ": "
                                    + answer));
        }
    }

    /** A key file, an explicit credentials mode, or the environment's key file. */
    static boolean configured(Configuration conf, Map<String, String> env) {
        if (env.get("GOOGLE_APPLICATION_CREDENTIALS") != null) {
            return true;
        }
        for (String key : conf.keySet()) {
            for (String prefix : PREFIXES) {
                if (key.startsWith(prefix + "auth.")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @return null when a Google metadata server answered, else what went wrong
     */
    static String askMetadataServer(String host, Duration timeout) {
        HttpURLConnection connection = null;
        try {
            connection =
                    (HttpURLConnection)
                            URI.create("http://" + host + "/computeMetadata/v1/")
                                    .toURL()
                                    // The metadata server is link-local: never through a proxy.
                                    .openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setRequestProperty("Metadata-Flavor", "Google");
            int status = connection.getResponseCode();
            // Only Google's metadata server sets this header; anything else at that address (a
            // proxy, another cloud's metadata service) cannot give Google credentials.
            if ("Google".equals(connection.getHeaderField("Metadata-Flavor"))) {
                return null;
            }
            return "HTTP " + status + " without the header Metadata-Flavor: Google";
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
