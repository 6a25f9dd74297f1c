package dev.ferry.invokers.http;

import dev.ferry.invokers.RetryPolicy;
import dev.ferry.protocol.PayloadLimits;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything an {@link HttpInvoker} needs to reach one endpoint.
 *
 * @param urlPathTemplate the URL; every {@code {function.name}} becomes the target's name
 * @param hostHeaderTemplate a Host header (same substitution) for a shared ingress, or null
 * @param connectTimeout TCP (and TLS) connect timeout
 * @param attemptTimeout how long one attempt may go without receiving anything before it is
 *     abandoned and retried (within the retry deadline)
 * @param poolSize connections kept per endpoint
 * @param poolTtl how long an idle pooled connection is kept
 * @param maxRequestBytes the largest request, and the largest reply accepted (counted as it
 *     arrives, after decompression)
 * @param tls trust and client certificates, or null for the JRE's defaults
 * @param retry attempts, backoff and the total deadline of one invocation
 * @param coldStartBudget for Knative endpoints: how long after the first attempt 502/503/504
 *     answers are retried while the service scales from zero, outside the retry policy's attempt
 *     limit; null for none
 * @param payloadLimitSetting where {@code maxRequestBytes} comes from, as a user reads it in an
 *     error (e.g. {@code transport.payload_max_bytes})
 */
public record HttpEndpointConfig(
        String urlPathTemplate,
        String hostHeaderTemplate,
        Duration connectTimeout,
        Duration attemptTimeout,
        int poolSize,
        Duration poolTtl,
        long maxRequestBytes,
        TlsConfig tls,
        RetryPolicy retry,
        Duration coldStartBudget,
        String payloadLimitSetting)
        implements Serializable {

    /** The setting named in size errors unless another is given: StateFun's transport key. */
    public static final String DEFAULT_PAYLOAD_LIMIT_SETTING = "payload_max_bytes";

    /**
     * Connections per endpoint and task for functions close by (StateFun's HTTP endpoints): the
     * client looks through every open connection for a free one on each request, so a pool of
     * StateFun's 1024 cost a tenth of the runtime's CPU in the benchmark.
     */
    public static final int DEFAULT_POOL_SIZE = 128;

    /**
     * Connections per endpoint and task for remote platforms (Knative, Cloud Functions), whose
     * slower round trips need more requests in flight.
     */
    public static final int REMOTE_POOL_SIZE = 1024;

    /**
     * An attempt that receives nothing for this long is retried, so one lost request or reply costs
     * seconds, not the whole call budget.
     */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

    public HttpEndpointConfig {
        Objects.requireNonNull(urlPathTemplate, "urlPathTemplate");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(poolTtl, "poolTtl");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(payloadLimitSetting, "payloadLimitSetting");
        if (!(urlPathTemplate.startsWith("http://") || urlPathTemplate.startsWith("https://"))) {
            throw new IllegalArgumentException("not an http(s) URL: " + urlPathTemplate);
        }
        if (poolSize <= 0 || maxRequestBytes <= 0) {
            throw new IllegalArgumentException("poolSize and maxRequestBytes must be positive");
        }
        if (coldStartBudget != null && coldStartBudget.isNegative()) {
            throw new IllegalArgumentException(
                    "coldStartBudget must not be negative: " + coldStartBudget);
        }
    }

    /** An endpoint whose size limit is StateFun's {@code payload_max_bytes}. */
    public HttpEndpointConfig(
            String urlPathTemplate,
            String hostHeaderTemplate,
            Duration connectTimeout,
            Duration attemptTimeout,
            int poolSize,
            Duration poolTtl,
            long maxRequestBytes,
            TlsConfig tls,
            RetryPolicy retry,
            Duration coldStartBudget) {
        this(
                urlPathTemplate,
                hostHeaderTemplate,
                connectTimeout,
                attemptTimeout,
                poolSize,
                poolTtl,
                maxRequestBytes,
                tls,
                retry,
                coldStartBudget,
                DEFAULT_PAYLOAD_LIMIT_SETTING);
    }

    /** An endpoint without a cold-start allowance. */
    public HttpEndpointConfig(
            String urlPathTemplate,
            String hostHeaderTemplate,
            Duration connectTimeout,
            Duration attemptTimeout,
            int poolSize,
            Duration poolTtl,
            long maxRequestBytes,
            TlsConfig tls,
            RetryPolicy retry) {
        this(
                urlPathTemplate,
                hostHeaderTemplate,
                connectTimeout,
                attemptTimeout,
                poolSize,
                poolTtl,
                maxRequestBytes,
                tls,
                retry,
                null);
    }

    /** StateFun's async transport defaults (2 min budget, 20 s connect), Ferry's pool size. */
    public static HttpEndpointConfig of(String urlPathTemplate) {
        return new HttpEndpointConfig(
                urlPathTemplate,
                null,
                Duration.ofSeconds(20),
                DEFAULT_ATTEMPT_TIMEOUT,
                DEFAULT_POOL_SIZE,
                Duration.ofSeconds(15),
                PayloadLimits.HTTP_MAX_PAYLOAD_BYTES,
                null,
                RetryPolicy.defaults(Duration.ofMinutes(2)));
    }

    public HttpEndpointConfig withRetry(RetryPolicy policy) {
        return new HttpEndpointConfig(
                urlPathTemplate,
                hostHeaderTemplate,
                connectTimeout,
                attemptTimeout,
                poolSize,
                poolTtl,
                maxRequestBytes,
                tls,
                policy,
                coldStartBudget,
                payloadLimitSetting);
    }

    public HttpEndpointConfig withTls(TlsConfig tlsConfig) {
        return new HttpEndpointConfig(
                urlPathTemplate,
                hostHeaderTemplate,
                connectTimeout,
                attemptTimeout,
                poolSize,
                poolTtl,
                maxRequestBytes,
                tlsConfig,
                retry,
                coldStartBudget,
                payloadLimitSetting);
    }

    public HttpEndpointConfig withMaxRequestBytes(long bytes) {
        return new HttpEndpointConfig(
                urlPathTemplate,
                hostHeaderTemplate,
                connectTimeout,
                attemptTimeout,
                poolSize,
                poolTtl,
                bytes,
                tls,
                retry,
                coldStartBudget,
                payloadLimitSetting);
    }

    /** The same endpoint with a cold-start allowance ({@code null} or zero: none). */
    public HttpEndpointConfig withColdStartBudget(Duration budget) {
        return new HttpEndpointConfig(
                urlPathTemplate,
                hostHeaderTemplate,
                connectTimeout,
                attemptTimeout,
                poolSize,
                poolTtl,
                maxRequestBytes,
                tls,
                retry,
                budget,
                payloadLimitSetting);
    }

    /** The same endpoint, naming {@code setting} as the source of its size limit in errors. */
    public HttpEndpointConfig withPayloadLimitSetting(String setting) {
        return new HttpEndpointConfig(
                urlPathTemplate,
                hostHeaderTemplate,
                connectTimeout,
                attemptTimeout,
                poolSize,
                poolTtl,
                maxRequestBytes,
                tls,
                retry,
                coldStartBudget,
                setting);
    }

    /**
     * TLS material; each value is a file path, a {@code file:} URL or {@code classpath:NAME}, read
     * and checked by {@link TlsMaterial}.
     *
     * @param trustCaCerts PEM of trusted CAs, or null for the JRE's trust store
     * @param clientCert PEM client certificate (mutual TLS), or null
     * @param clientKey PKCS#8 PEM key of the client certificate, unencrypted or encrypted with a
     *     PBES1 or PBES2 scheme the JDK offers, or null
     * @param clientKeyPassword the file holding the encrypted key's password, or null
     */
    public record TlsConfig(
            String trustCaCerts, String clientCert, String clientKey, String clientKeyPassword)
            implements Serializable {
        public TlsConfig {
            if ((clientCert == null) != (clientKey == null)) {
                throw new IllegalArgumentException(
                        "clientCert and clientKey must be given together for mutual TLS");
            }
        }
    }
}
