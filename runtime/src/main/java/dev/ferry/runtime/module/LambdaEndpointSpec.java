package dev.ferry.runtime.module;

import dev.ferry.invokers.AwsCredentials;
import java.time.Duration;

/**
 * Functions deployed to AWS Lambda, invoked directly ({@code ferry.endpoints.v1/lambda}).
 *
 * @param functionName a name, an ARN, or a template with {@code {function.name}}
 * @param qualifier alias or version, or null for $LATEST
 * @param region the region, or null for the default provider chain
 * @param endpointOverride an endpoint URL (tests, VPC endpoints), or null
 * @param timeout per invocation (Lambda allows up to 15 minutes)
 * @param maxRequestBytes the largest request, base64 included (Lambda's synchronous limit)
 * @param maxConcurrency invocations in flight to this endpoint per task, or 0 for no cap
 */
public record LambdaEndpointSpec(
        FunctionPattern functions,
        String functionName,
        String qualifier,
        String region,
        AwsCredentials credentials,
        String endpointOverride,
        Duration timeout,
        int maxNumBatchRequests,
        long maxRequestBytes,
        int maxConcurrency,
        RetrySpec retry,
        AddressBatching addressBatching)
        implements EndpointSpec {

    /** Without address batching. */
    public LambdaEndpointSpec(
            FunctionPattern functions,
            String functionName,
            String qualifier,
            String region,
            AwsCredentials credentials,
            String endpointOverride,
            Duration timeout,
            int maxNumBatchRequests,
            long maxRequestBytes,
            int maxConcurrency,
            RetrySpec retry) {
        this(
                functions,
                functionName,
                qualifier,
                region,
                credentials,
                endpointOverride,
                timeout,
                maxNumBatchRequests,
                maxRequestBytes,
                maxConcurrency,
                retry,
                AddressBatching.OFF);
    }

    public static final String KIND = "ferry.endpoints.v1/lambda";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(900);

    @Override
    public String kind() {
        return KIND;
    }
}
