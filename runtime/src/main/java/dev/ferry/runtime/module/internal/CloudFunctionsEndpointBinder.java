package dev.ferry.runtime.module.internal;

import dev.ferry.invokers.cloudfunctions.CloudFunctionsEndpointConfig;
import dev.ferry.protocol.PayloadLimits;
import dev.ferry.runtime.module.AddressBatching;
import dev.ferry.runtime.module.CloudFunctionsEndpointSpec;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.GcpCredentials;

/** {@code ferry.endpoints.v1/cloudfunctions}. */
final class CloudFunctionsEndpointBinder implements KindBinder {
    private static final EndpointBasicsReader.RequestLimit REQUEST_LIMIT =
            new EndpointBasicsReader.RequestLimit(
                    PayloadLimits.HTTP_MAX_PAYLOAD_BYTES, "Cloud Functions allows 32 MB");

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        FunctionPattern functions = EndpointBasicsReader.functions(spec);
        String url = safeUrl(spec);
        String audience = spec.optString("audience", null);
        SpecReader credentialsSpec = spec.object("credentials");
        GcpCredentials.Type type =
                credentialsSpec.choice(
                        "type", GcpCredentials.Type.class, GcpCredentials.Type.APPLICATION_DEFAULT);
        String keyFile =
                type == GcpCredentials.Type.SERVICE_ACCOUNT_KEY
                        ? credentialsSpec.string("keyFile")
                        : null;
        credentialsSpec.finish();
        EndpointBasicsReader.Timeouts timeouts = EndpointBasicsReader.callAndConnect(spec);
        int maxBatch = EndpointBasicsReader.maxNumBatchRequests(spec);
        AddressBatching batching = EndpointBasicsReader.addressBatching(spec);
        long maxRequestBytes = EndpointBasicsReader.maxRequestBytes(spec, REQUEST_LIMIT);
        RetryReader.readLastAndBind(
                spec,
                parts,
                functions != null && url != null,
                retry ->
                        new CloudFunctionsEndpointSpec(
                                functions,
                                url,
                                audience,
                                new GcpCredentials(type, keyFile),
                                timeouts.call(),
                                timeouts.connect(),
                                maxBatch,
                                maxRequestBytes,
                                retry,
                                batching));
    }

    /** The URL template, unless it would send ID tokens in clear text (then null, reported). */
    private static String safeUrl(SpecReader spec) {
        String url = EndpointBasicsReader.urlTemplate(spec, "urlPathTemplate");
        if (url != null && CloudFunctionsEndpointConfig.sendsTokensInClear(url)) {
            spec.problem(
                    "urlPathTemplate",
                    spec.path()
                            + ".urlPathTemplate '"
                            + url
                            + "' would send ID tokens in clear text",
                    CloudFunctionsEndpointConfig.SAFE_URL);
            return null;
        }
        return url;
    }
}
