package dev.ferry.runtime.module;

import java.time.Duration;

/**
 * Functions deployed to Google Cloud Functions (gen2), called over HTTPS with an ID token ({@code
 * ferry.endpoints.v1/cloudfunctions}).
 *
 * @param audience the ID token audience, or null for the function URL
 */
public record CloudFunctionsEndpointSpec(
        FunctionPattern functions,
        String urlPathTemplate,
        String audience,
        GcpCredentials credentials,
        Duration callTimeout,
        Duration connectTimeout,
        int maxNumBatchRequests,
        long maxRequestBytes,
        RetrySpec retry,
        AddressBatching addressBatching)
        implements EndpointSpec {

    /** Without address batching. */
    public CloudFunctionsEndpointSpec(
            FunctionPattern functions,
            String urlPathTemplate,
            String audience,
            GcpCredentials credentials,
            Duration callTimeout,
            Duration connectTimeout,
            int maxNumBatchRequests,
            long maxRequestBytes,
            RetrySpec retry) {
        this(
                functions,
                urlPathTemplate,
                audience,
                credentials,
                callTimeout,
                connectTimeout,
                maxNumBatchRequests,
                maxRequestBytes,
                retry,
                AddressBatching.OFF);
    }

    public static final String KIND = "ferry.endpoints.v1/cloudfunctions";

    @Override
    public String kind() {
        return KIND;
    }
}
