package dev.ferry.runtime.module;

import java.io.Serializable;

/**
 * Ferry's cross-address batching of one endpoint ({@code addressBatching}, {@code
 * maxRequestsInFlight} in the module): one request carries the batches of many addresses. Only
 * Ferry's adapters understand such requests, so it is off unless declared, for every kind: a
 * Knative service, a Cloud Function or a Lambda function may as well run a plain StateFun SDK
 * server, and a module that worked before keeps sending what it sent.
 *
 * @param enabled send address batches
 * @param maxRequestsInFlight requests in flight at most per endpoint target and task; what becomes
 *     ready meanwhile goes with the next request
 */
public record AddressBatching(boolean enabled, int maxRequestsInFlight) implements Serializable {
    /**
     * Requests in flight per endpoint target and task unless declared: one, the fewest invocations.
     * Measured at 6,000 msg/s (docs/batching.md), more requests in flight multiplied the
     * invocations (about N per round trip) without a latency gain that held from run to run; a
     * light load still sees no wait beyond one round trip.
     */
    public static final int DEFAULT_MAX_REQUESTS_IN_FLIGHT = 1;

    /** One address per request, as StateFun sends. */
    public static final AddressBatching OFF =
            new AddressBatching(false, DEFAULT_MAX_REQUESTS_IN_FLIGHT);

    /** Address batches with the default bound on requests in flight. */
    public static final AddressBatching ON =
            new AddressBatching(true, DEFAULT_MAX_REQUESTS_IN_FLIGHT);

    public AddressBatching {
        if (maxRequestsInFlight < 1) {
            throw new IllegalArgumentException(
                    "maxRequestsInFlight must be at least 1, got " + maxRequestsInFlight);
        }
    }
}
