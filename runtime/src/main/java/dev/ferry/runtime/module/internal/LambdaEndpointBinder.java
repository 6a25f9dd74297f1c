package dev.ferry.runtime.module.internal;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.protocol.PayloadLimits;
import dev.ferry.runtime.module.AddressBatching;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.LambdaEndpointSpec;
import java.time.Duration;

/** {@code ferry.endpoints.v1/lambda}. */
final class LambdaEndpointBinder implements KindBinder {
    private static final EndpointBasicsReader.RequestLimit REQUEST_LIMIT =
            new EndpointBasicsReader.RequestLimit(
                    PayloadLimits.LAMBDA_MAX_PAYLOAD_BYTES, "Lambda's limit is 6 MB");

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        FunctionPattern functions = EndpointBasicsReader.functions(spec);
        String functionName = spec.string("functionName");
        String qualifier = spec.optString("qualifier", null);
        String region = spec.optString("region", null);
        AwsCredentials credentials = AwsCredentialsReader.lambda(spec);
        String endpointOverride = spec.optString("endpointOverride", null);
        if (endpointOverride != null
                && !(endpointOverride.startsWith("http://")
                        || endpointOverride.startsWith("https://"))) {
            spec.problem(
                    "endpointOverride",
                    spec.path() + ".endpointOverride '" + endpointOverride + "' is not a URL",
                    "http(s)://host[:port]");
        }
        Duration timeout = spec.optPositiveDuration("timeout", LambdaEndpointSpec.DEFAULT_TIMEOUT);
        if (timeout != null && timeout.compareTo(LambdaEndpointSpec.MAX_TIMEOUT) > 0) {
            spec.problem(
                    "timeout",
                    spec.path() + ".timeout " + timeout + " is longer than Lambda allows",
                    "at most 900s");
        }
        int maxBatch = EndpointBasicsReader.maxNumBatchRequests(spec);
        AddressBatching batching = EndpointBasicsReader.addressBatching(spec);
        long maxRequestBytes = EndpointBasicsReader.maxRequestBytes(spec, REQUEST_LIMIT);
        int maxConcurrency = spec.optInt("maxConcurrency", 0);
        spec.notNegative("maxConcurrency", maxConcurrency, "0 (no cap) or more");
        RetryReader.readLastAndBind(
                spec,
                parts,
                functions != null && functionName != null,
                retry ->
                        new LambdaEndpointSpec(
                                functions,
                                functionName,
                                qualifier,
                                region,
                                credentials,
                                endpointOverride,
                                timeout,
                                maxBatch,
                                maxRequestBytes,
                                maxConcurrency,
                                retry,
                                batching));
    }
}
