package dev.ferry.invokers.cloudfunctions;

import dev.ferry.invokers.http.HttpEndpointConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything a {@link CloudFunctionsInvoker} needs to reach one endpoint of gen2 Cloud Functions.
 *
 * @param http the URL template, timeouts, pool, size limit and retry policy (shared with the HTTP
 *     invoker); Cloud Functions accepts requests of up to 32 MB. The URL is {@code https://}, or
 *     {@code http://} to a loopback address only: ID tokens never travel in clear text
 * @param audience the ID token audience, or null for the function's URL (the URL the request goes
 *     to, with {@code {function.name}} substituted)
 * @param credentials where the ID tokens come from
 * @param refreshMargin a cached token is refreshed this long before it expires
 */
public record CloudFunctionsEndpointConfig(
        HttpEndpointConfig http, String audience, Credentials credentials, Duration refreshMargin)
        implements Serializable {

    /** Google ID tokens live an hour; a fresh one is fetched in its last five minutes. */
    public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofMinutes(5);

    /** What a Cloud Functions URL must look like, for errors. */
    public static final String SAFE_URL =
            "an https:// URL (http:// only to a loopback address: 127.0.0.1, [::1] or localhost)";

    private static final Pattern LOOPBACK_V4 =
            Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    public CloudFunctionsEndpointConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(refreshMargin, "refreshMargin");
        if (refreshMargin.isNegative()) {
            throw new IllegalArgumentException("refreshMargin must not be negative");
        }
        if (sendsTokensInClear(http.urlPathTemplate())) {
            throw new IllegalArgumentException(
                    "Cloud Functions endpoint "
                            + http.urlPathTemplate()
                            + " would send ID tokens in clear text; expected "
                            + SAFE_URL);
        }
    }

    /**
     * Whether a request to {@code urlPathTemplate} would carry its ID token unencrypted over a
     * network: an {@code http://} URL whose host is not a loopback address. A bearer token seen on
     * the way can be replayed against the function until it expires. Loopback stays allowed for
     * local tests and a local proxy; a host with {@code {function.name}} in it is never loopback.
     */
    public static boolean sendsTokensInClear(String urlPathTemplate) {
        String scheme = "http://";
        if (!urlPathTemplate.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return false;
        }
        String authority = urlPathTemplate.substring(scheme.length());
        for (char end : new char[] {'/', '?', '#'}) {
            int at = authority.indexOf(end);
            if (at >= 0) {
                authority = authority.substring(0, at);
            }
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            host = close < 0 ? host : host.substring(1, close);
            return !(host.equals("::1") || host.equals("0:0:0:0:0:0:0:1"));
        }
        int colon = host.indexOf(':');
        host = colon < 0 ? host : host.substring(0, colon);
        return !(host.equalsIgnoreCase("localhost") || LOOPBACK_V4.matcher(host).matches());
    }

    public static CloudFunctionsEndpointConfig of(
            HttpEndpointConfig http, Credentials credentials) {
        return new CloudFunctionsEndpointConfig(http, null, credentials, DEFAULT_REFRESH_MARGIN);
    }

    public CloudFunctionsEndpointConfig withAudience(String value) {
        return new CloudFunctionsEndpointConfig(http, value, credentials, refreshMargin);
    }

    public CloudFunctionsEndpointConfig withRefreshMargin(Duration margin) {
        return new CloudFunctionsEndpointConfig(http, audience, credentials, margin);
    }

    /**
     * The source of ID tokens.
     *
     * @param type application default credentials (a key file named by {@code
     *     GOOGLE_APPLICATION_CREDENTIALS}, gcloud's user credentials, or the metadata server of the
     *     machine) or a service-account key file
     * @param keyFile the JSON key file for {@link Type#SERVICE_ACCOUNT_KEY}, else null
     */
    public record Credentials(Type type, String keyFile) implements Serializable {
        public enum Type {
            APPLICATION_DEFAULT,
            SERVICE_ACCOUNT_KEY
        }

        public Credentials {
            Objects.requireNonNull(type, "type");
            if ((type == Type.SERVICE_ACCOUNT_KEY) != (keyFile != null)) {
                throw new IllegalArgumentException(
                        "a key file goes with SERVICE_ACCOUNT_KEY credentials, and only with them");
            }
        }

        public static Credentials applicationDefault() {
            return new Credentials(Type.APPLICATION_DEFAULT, null);
        }

        public static Credentials keyFile(String path) {
            return new Credentials(Type.SERVICE_ACCOUNT_KEY, path);
        }
    }
}
