package dev.ferry.runtime.module.internal;

import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.KnativeEndpointSpec;
import dev.ferry.runtime.module.RetrySpec;
import java.time.Duration;

/** {@code ferry.endpoints.v1/knative}. */
final class KnativeEndpointBinder implements KindBinder {

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        FunctionPattern functions = CommonReaders.functions(spec);
        String url = CommonReaders.urlTemplate(spec, "urlPathTemplate");
        String host = spec.optString("hostTemplate", null);
        CommonReaders.Timeouts timeouts = CommonReaders.callAndConnect(spec);
        Duration coldStart =
                CommonReaders.positive(
                        spec,
                        "coldStartBudget",
                        spec.optDuration(
                                "coldStartBudget", KnativeEndpointSpec.DEFAULT_COLD_START_BUDGET));
        int maxBatch = CommonReaders.maxNumBatchRequests(spec);
        RetrySpec retry = CommonReaders.retry(spec);
        spec.finish();
        if (functions != null && url != null) {
            parts.addEndpoint(
                    new KnativeEndpointSpec(
                            functions,
                            url,
                            host,
                            timeouts.call(),
                            timeouts.connect(),
                            coldStart,
                            maxBatch,
                            retry),
                    spec.value("functions"),
                    CommonReaders.deadLetterNode(spec));
        }
    }
}
