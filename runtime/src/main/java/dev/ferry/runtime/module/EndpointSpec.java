package dev.ferry.runtime.module;

import java.io.Serializable;
import java.time.Duration;

/** Where and how the functions matching a pattern are invoked. One record per endpoint kind. */
public sealed interface EndpointSpec extends Serializable
        permits HttpEndpointSpec,
                LambdaEndpointSpec,
                CloudFunctionsEndpointSpec,
                KnativeEndpointSpec {

    /** The kind this endpoint was declared with, e.g. {@code io.statefun.endpoints.v2/http}. */
    String kind();

    FunctionPattern functions();

    /** Messages buffered per address before the address counts as back-pressured. */
    int maxNumBatchRequests();

    RetrySpec retry();

    /** Whether one request carries the batches of many addresses (Ferry's adapters only). */
    AddressBatching addressBatching();

    /** StateFun's default backlog per address. */
    int DEFAULT_MAX_NUM_BATCH_REQUESTS = 1000;

    /** Call timeout of the Ferry HTTP kinds (cloudfunctions, knative) when none is given. */
    Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(1);

    /** Connect timeout of the Ferry HTTP kinds (cloudfunctions, knative) when none is given. */
    Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
}
