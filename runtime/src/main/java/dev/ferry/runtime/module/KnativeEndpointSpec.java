package dev.ferry.runtime.module;

import java.time.Duration;

/**
 * Functions served by Knative Services ({@code ferry.endpoints.v1/knative}).
 *
 * @param hostTemplate the Host header for a shared ingress, e.g. {@code
 *     {function.name}.fraud.example.com}, or null to use the URL's host
 * @param coldStartBudget how long 502/503/504 answers from the activator are retried while a
 *     service scales from zero
 */
public record KnativeEndpointSpec(
        FunctionPattern functions,
        String urlPathTemplate,
        String hostTemplate,
        Duration callTimeout,
        Duration connectTimeout,
        Duration coldStartBudget,
        int maxNumBatchRequests,
        RetrySpec retry,
        AddressBatching addressBatching)
        implements EndpointSpec {

    /** Without address batching. */
    public KnativeEndpointSpec(
            FunctionPattern functions,
            String urlPathTemplate,
            String hostTemplate,
            Duration callTimeout,
            Duration connectTimeout,
            Duration coldStartBudget,
            int maxNumBatchRequests,
            RetrySpec retry) {
        this(
                functions,
                urlPathTemplate,
                hostTemplate,
                callTimeout,
                connectTimeout,
                coldStartBudget,
                maxNumBatchRequests,
                retry,
                AddressBatching.OFF);
    }

    public static final String KIND = "ferry.endpoints.v1/knative";
    public static final Duration DEFAULT_COLD_START_BUDGET = Duration.ofSeconds(30);

    @Override
    public String kind() {
        return KIND;
    }
}
