package dev.ferry.runtime.module.internal;

import dev.ferry.runtime.module.AddressBatching;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.KnativeEndpointSpec;
import java.time.Duration;

/** {@code ferry.endpoints.v1/knative}. */
final class KnativeEndpointBinder implements KindBinder {

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        FunctionPattern functions = EndpointBasicsReader.functions(spec);
        String url = EndpointBasicsReader.urlTemplate(spec, "urlPathTemplate");
        String host = spec.optString("hostTemplate", null);
        EndpointBasicsReader.Timeouts timeouts = EndpointBasicsReader.callAndConnect(spec);
        Duration coldStart =
                spec.optPositiveDuration(
                        "coldStartBudget", KnativeEndpointSpec.DEFAULT_COLD_START_BUDGET);
        int maxBatch = EndpointBasicsReader.maxNumBatchRequests(spec);
        AddressBatching batching = EndpointBasicsReader.addressBatching(spec);
        RetryReader.readLastAndBind(
                spec,
                parts,
                functions != null && url != null,
                retry ->
                        new KnativeEndpointSpec(
                                functions,
                                url,
                                host,
                                timeouts.call(),
                                timeouts.connect(),
                                coldStart,
                                maxBatch,
                                retry,
                                batching));
    }
}
