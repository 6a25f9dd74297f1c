package dev.ferry.runtime.core.io.kinesis;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.runtime.module.AwsRegion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.regions.Region;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The client properties of the Kinesis connector for a module's {@code awsRegion}, {@code
 * awsCredentials} and {@code clientConfigProperties}.
 *
 * <p>Keys of {@code clientConfigProperties} that contain a dot are connector properties and pass
 * through unchanged (for example {@code flink.shard.getrecords.intervalmillis} or {@code
 * aws.http.protocol.version}). Keys without a dot are StateFun's: on the ingress, AWS client
 * settings such as {@code SocketTimeout} become {@code aws.clientconfig.socketTimeout}; on the
 * egress, {@code MaxConnections} and {@code RequestTimeout} map onto the sink's HTTP client and the
 * other producer-library settings have no meaning for the Kinesis Streams sink and are reported as
 * ignored.
 */
public final class KinesisClientProperties {
    static final String REGION = "aws.region";
    static final String ENDPOINT = "aws.endpoint";
    static final String PROVIDER = "aws.credentials.provider";
    static final String ACCESS_KEY_ID = PROVIDER + ".basic.accesskeyid";
    static final String SECRET_KEY = PROVIDER + ".basic.secretkey";
    static final String PROFILE_NAME = PROVIDER + ".profile.name";
    static final String PROFILE_PATH = PROVIDER + ".profile.path";
    static final String CLIENT_CONFIG_PREFIX = "aws.clientconfig.";

    private KinesisClientProperties() {}

    /** Properties of the consumer: region, credentials, then the client configuration. */
    public static Properties consumer(
            AwsRegion region, AwsCredentials credentials, Map<String, String> clientConfig) {
        Properties properties = new Properties();
        new TreeMap<>(clientConfig)
                .forEach(
                        (key, value) ->
                                properties.setProperty(
                                        key.contains(".")
                                                ? key
                                                : CLIENT_CONFIG_PREFIX + lowerFirst(key),
                                        value));
        // The module's own keys win over the same keys among the client properties.
        regionAndCredentials(properties, region, credentials);
        return properties;
    }

    /** Keys of {@code clientConfigProperties} that set the sink's batching, not the client. */
    public static final String FLUSH_TIMEOUT = "sink.flush-buffer.timeout";

    public static final String BATCH_MAX_SIZE = "sink.batch.max-size";
    public static final String MAX_IN_FLIGHT = "sink.requests.max-inflight";

    /**
     * The client properties of the sink, its batching settings from {@code sink.*} keys, and the
     * StateFun producer settings it cannot apply.
     */
    public record SinkProperties(
            Properties properties, Map<String, String> batching, List<String> ignored) {

        /** The writer settings for a buffer of {@code maxOutstandingRecords} records. */
        public KinesisEgressSink.Settings settings(int maxOutstandingRecords) {
            KinesisEgressSink.Settings defaults =
                    KinesisEgressSink.Settings.forOutstanding(maxOutstandingRecords);
            int batch = intSetting(BATCH_MAX_SIZE, defaults.maxBatchSize());
            if (batch < 1 || batch > KinesisEgressSink.Settings.MAX_BATCH_SIZE) {
                throw new IllegalArgumentException(
                        BATCH_MAX_SIZE
                                + " is "
                                + batch
                                + "; Kinesis takes 1 to 500 records a call");
            }
            return new KinesisEgressSink.Settings(
                    batch,
                    intSetting(MAX_IN_FLIGHT, defaults.maxInFlightRequests()),
                    Math.max(defaults.maxBufferedRequests(), batch + 1),
                    longSetting(FLUSH_TIMEOUT, defaults.maxTimeInBufferMs()));
        }

        private int intSetting(String key, int fallback) {
            return (int) longSetting(key, fallback);
        }

        private long longSetting(String key, long fallback) {
            String value = batching.get(key);
            if (value == null) {
                return fallback;
            }
            try {
                long parsed = Long.parseLong(value.trim());
                if (parsed <= 0) {
                    throw new NumberFormatException("not positive");
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "clientConfigProperties "
                                + key
                                + " is '"
                                + value
                                + "'; expected a positive"
                                + " whole number",
                        e);
            }
        }
    }

    public static SinkProperties sink(
            AwsRegion region, AwsCredentials credentials, Map<String, String> clientConfig) {
        Properties properties = new Properties();
        List<String> ignored = new ArrayList<>();
        Map<String, String> batching = new TreeMap<>();
        new TreeMap<>(clientConfig)
                .forEach(
                        (key, value) -> {
                            if (key.equals(FLUSH_TIMEOUT)
                                    || key.equals(BATCH_MAX_SIZE)
                                    || key.equals(MAX_IN_FLIGHT)) {
                                batching.put(key, value);
                            } else if (key.contains(".")) {
                                properties.setProperty(key, value);
                            } else if (key.equalsIgnoreCase("MaxConnections")) {
                                properties.setProperty("aws.http-client.max-concurrency", value);
                            } else if (key.equalsIgnoreCase("RequestTimeout")) {
                                properties.setProperty("aws.http-client.read-timeout", value);
                            } else {
                                ignored.add(key);
                            }
                        });
        regionAndCredentials(properties, region, credentials);
        return new SinkProperties(properties, Map.copyOf(batching), List.copyOf(ignored));
    }

    private static void regionAndCredentials(
            Properties properties, AwsRegion region, AwsCredentials credentials) {
        switch (region.type()) {
            case DEFAULT -> properties.setProperty(REGION, defaultRegion());
            case SPECIFIC -> properties.setProperty(REGION, region.id());
            case CUSTOM_ENDPOINT -> {
                properties.setProperty(REGION, region.id());
                properties.setProperty(ENDPOINT, region.endpoint());
            }
        }
        switch (credentials.type()) {
            case DEFAULT -> properties.setProperty(PROVIDER, "AUTO");
            case STATIC -> {
                if (credentials.sessionToken() != null) {
                    throw new IllegalArgumentException(
                            "the Kinesis connectors take basic credentials without a session"
                                    + " token; use awsCredentials type default or profile for"
                                    + " temporary credentials");
                }
                properties.setProperty(PROVIDER, "BASIC");
                properties.setProperty(ACCESS_KEY_ID, credentials.accessKeyId());
                properties.setProperty(SECRET_KEY, credentials.secretAccessKey());
            }
            case PROFILE -> {
                properties.setProperty(PROVIDER, "PROFILE");
                properties.setProperty(PROFILE_NAME, credentials.profileName());
                if (credentials.profilePath() != null) {
                    properties.setProperty(PROFILE_PATH, credentials.profilePath());
                }
            }
            case ASSUME_ROLE ->
                    throw new IllegalArgumentException(
                            "the Kinesis connectors take awsCredentials of type default, basic or"
                                    + " profile");
        }
    }

    /** The region of the AWS default chain (environment, system properties, profile, IMDS). */
    static String defaultRegion() {
        try {
            Region region = DefaultAwsRegionProviderChain.builder().build().getRegion();
            return region.id();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "awsRegion type default: the AWS default region chain found no region ("
                            + e.getMessage()
                            + "); set AWS_REGION, or awsRegion type specific with an id",
                    e);
        }
    }

    private static String lowerFirst(String key) {
        return key.isEmpty()
                ? key
                : key.substring(0, 1).toLowerCase(Locale.ROOT) + key.substring(1);
    }
}
