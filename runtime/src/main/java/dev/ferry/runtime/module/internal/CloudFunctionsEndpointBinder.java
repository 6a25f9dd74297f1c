package dev.ferry.runtime.module.internal;

import dev.ferry.invokers.cloudfunctions.CloudFunctionsEndpointConfig;
import dev.ferry.runtime.module.CloudFunctionsEndpointSpec;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.GcpCredentials;
import dev.ferry.runtime.module.RetrySpec;

/** {@code ferry.endpoints.v1/cloudfunctions}. */
final class CloudFunctionsEndpointBinder implements KindBinder {

    @Override
    public String kind() {
        return CloudFunctionsEndpointSpec.KIND;
    }

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        FunctionPattern functions = EndpointBasicsReader.functions(spec);
        String url = EndpointBasicsReader.urlTemplate(spec, "urlPathTemplate");
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
                        "type", GcpCredentials.Type.class, GcpCredentials.Type.APPLICATION_DEFAULT);
        String keyFile =
                type == GcpCredentials.Type.SERVICE_ACCOUNT_KEY
                        ? credentialsSpec.string("keyFile")
                        : null;
        credentialsSpec.finish();
        EndpointBasicsReader.Timeouts timeouts = EndpointBasicsReader.callAndConnect(spec);
        int maxBatch = EndpointBasicsReader.maxNumBatchRequests(spec);
        long maxRequestBytes =
                EndpointBasicsReader.maxRequestBytes(
                        spec,
                        CloudFunctionsEndpointSpec.DEFAULT_MAX_REQUEST_BYTES,
                        "Cloud Functions allows 32 MB");
        RetrySpec retry = RetryReader.read(spec);
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
                    RetryReader.deadLetterNode(spec));
        }
    }
}
