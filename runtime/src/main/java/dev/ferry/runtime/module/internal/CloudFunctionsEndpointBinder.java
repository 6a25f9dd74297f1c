package dev.ferry.runtime.module.internal;

import dev.ferry.invokers.cloudfunctions.CloudFunctionsEndpointConfig;
import dev.ferry.runtime.module.CloudFunctionsEndpointSpec;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.GcpCredentials;
import dev.ferry.runtime.module.RetrySpec;

/** {@code ferry.endpoints.v1/cloudfunctions}. */
final class CloudFunctionsEndpointBinder implements KindBinder {

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        FunctionPattern functions = CommonReaders.functions(spec);
        String url = CommonReaders.urlTemplate(spec, "urlPathTemplate");
        if (url != null && CloudFunctionsEndpointConfig.sendsTokensInClear(url)) {
            spec.problem(
                    "urlPathTemplate",
                    spec.path()
                            + ".urlPathTemplate '"
                            + url
                            + "' would send ID tokens in clear text",
                    CloudFunctionsEndpointConfig.SAFE_URL);
            url = null;
        }
        String audience = spec.optString("audience", null);
        SpecReader credentialsSpec = spec.object("credentials");
        GcpCredentials.Type type =
                credentialsSpec.choice(
                        "type",
                        CommonReaders.orderedMap(
                                "application-default", GcpCredentials.Type.APPLICATION_DEFAULT,
                                "service-account-key", GcpCredentials.Type.SERVICE_ACCOUNT_KEY),
                        GcpCredentials.Type.APPLICATION_DEFAULT);
        String keyFile =
                type == GcpCredentials.Type.SERVICE_ACCOUNT_KEY
                        ? credentialsSpec.string("keyFile")
                        : null;
        credentialsSpec.finish();
        CommonReaders.Timeouts timeouts = CommonReaders.callAndConnect(spec);
        int maxBatch = CommonReaders.maxNumBatchRequests(spec);
        long maxRequestBytes =
                CommonReaders.maxRequestBytes(
                        spec,
                        CloudFunctionsEndpointSpec.DEFAULT_MAX_REQUEST_BYTES,
                        "Cloud Functions allows 32 MB");
        RetrySpec retry = CommonReaders.retry(spec);
        spec.finish();
        if (functions != null && url != null) {
            parts.addEndpoint(
                    new CloudFunctionsEndpointSpec(
                            functions,
                            url,
                            audience,
                            new GcpCredentials(type, keyFile),
                            timeouts.call(),
                            timeouts.connect(),
                            maxBatch,
                            maxRequestBytes,
                            retry),
                    spec.value("functions"),
                    CommonReaders.deadLetterNode(spec));
        }
    }
}
