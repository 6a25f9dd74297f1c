package dev.ferry.invokers.lambda;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.invokers.RetryPolicy;
import dev.ferry.protocol.PayloadLimits;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link LambdaInvoker} needs to reach the functions of one endpoint.
 *
 * @param functionName a function name, an ARN, or a template in which every {@code {function.name}}
 *     becomes the target's name
 * @param qualifier alias or version, or null for {@code $LATEST}
 * @param region the region, or null for the SDK's default region chain
 * @param credentials where the SDK takes credentials from
 * @param endpointOverride the Lambda API URL (VPC endpoints, tests), or null for AWS's
 * @param connectTimeout TCP (and TLS) connect timeout
 * @param timeout how long one attempt may take: Lambda runs a function for up to 900 s, so the
 *     SDK's read timeout is raised to this
 * @param maxRequestBytes the largest Invoke payload, JSON event and base64 included
 * @param maxConcurrency invocations in flight through this invoker, or 0 for no cap
 * @param retry attempts, backoff and the total deadline of one invocation
 */
public record LambdaEndpointConfig(
        String functionName,
        String qualifier,
        String region,
        AwsCredentials credentials,
        String endpointOverride,
        Duration connectTimeout,
        Duration timeout,
        long maxRequestBytes,
        int maxConcurrency,
        RetryPolicy retry)
        implements Serializable {

    /** The longest a Lambda function can run. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(900);

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public LambdaEndpointConfig {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(credentials, "credentials").requireComplete();
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retry, "retry");
        if (functionName.isBlank()) {
            throw new IllegalArgumentException("functionName is blank");
        }
        if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "timeout must be above zero and at most " + MAX_TIMEOUT + ": " + timeout);
        }
        if (maxRequestBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBytes must be positive");
        }
        if (maxConcurrency < 0) {
            throw new IllegalArgumentException("maxConcurrency must not be negative");
        }
        if (endpointOverride != null
                && !(endpointOverride.startsWith("http://")
                        || endpointOverride.startsWith("https://"))) {
            throw new IllegalArgumentException("not an http(s) URL: " + endpointOverride);
        }
    }

    /** Defaults for {@code functionName}: default region and credentials, 5 min, 6 MB, no cap. */
    public static LambdaEndpointConfig of(String functionName) {
        return new LambdaEndpointConfig(
                functionName,
                null,
                null,
                AwsCredentials.defaultChain(),
                null,
                Duration.ofSeconds(10),
                DEFAULT_TIMEOUT,
                PayloadLimits.LAMBDA_MAX_PAYLOAD_BYTES,
                0,
                RetryPolicy.defaults(DEFAULT_TIMEOUT));
    }

    public LambdaEndpointConfig withQualifier(String alias) {
        return new LambdaEndpointConfig(
                functionName,
                alias,
                region,
                credentials,
                endpointOverride,
                connectTimeout,
                timeout,
                maxRequestBytes,
                maxConcurrency,
                retry);
    }

    /** A fixed region, an endpoint URL and static credentials: what tests and local setups use. */
    public LambdaEndpointConfig withEndpoint(
            String regionName, String url, AwsCredentials credentialsConfig) {
        return new LambdaEndpointConfig(
                functionName,
                qualifier,
                regionName,
                credentialsConfig,
                url,
                connectTimeout,
                timeout,
                maxRequestBytes,
                maxConcurrency,
                retry);
    }

    public LambdaEndpointConfig withTimeout(Duration attemptTimeout) {
        return new LambdaEndpointConfig(
                functionName,
                qualifier,
                region,
                credentials,
                endpointOverride,
                connectTimeout,
                attemptTimeout,
                maxRequestBytes,
                maxConcurrency,
                retry);
    }

    public LambdaEndpointConfig withMaxRequestBytes(long bytes) {
        return new LambdaEndpointConfig(
                functionName,
                qualifier,
                region,
                credentials,
                endpointOverride,
                connectTimeout,
                timeout,
                bytes,
                maxConcurrency,
                retry);
    }

    public LambdaEndpointConfig withMaxConcurrency(int cap) {
        return new LambdaEndpointConfig(
                functionName,
                qualifier,
                region,
                credentials,
                endpointOverride,
                connectTimeout,
                timeout,
                maxRequestBytes,
                cap,
                retry);
    }

    public LambdaEndpointConfig withRetry(RetryPolicy policy) {
        return new LambdaEndpointConfig(
                functionName,
                qualifier,
                region,
                credentials,
                endpointOverride,
                connectTimeout,
                timeout,
                maxRequestBytes,
                maxConcurrency,
                policy);
    }
}
