package dev.ferry.runtime.module.internal;

import dev.ferry.runtime.module.AddressBatching;
import dev.ferry.runtime.module.EndpointSpec;
import dev.ferry.runtime.module.FunctionPattern;
import java.time.Duration;

/**
 * What every endpoint kind has: the functions it binds, a URL template, the batch bound, the
 * timeouts of an HTTP-based platform and a request size limit.
 */
final class EndpointBasicsReader {

    private EndpointBasicsReader() {}

    /** The call and connect timeouts of an HTTP-based endpoint. */
    record Timeouts(Duration call, Duration connect) {}

    static FunctionPattern functions(SpecReader spec) {
        String text = spec.string("functions");
        if (text == null) {
            return null;
        }
        try {
            return FunctionPattern.parse(text);
        } catch (IllegalArgumentException e) {
            spec.problem("functions", e.getMessage(), "<namespace>/<name> or <namespace>/*");
            return null;
        }
    }

    static String urlTemplate(SpecReader spec, String key) {
        String url = spec.string(key);
        if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
            spec.problem(
                    key,
                    spec.path() + "." + key + " '" + url + "' is not an http(s) URL",
                    "a URL starting with http:// or https://, optionally with {function.name}");
            return null;
        }
        return url;
    }

    static int maxNumBatchRequests(SpecReader spec) {
        return spec.optInt("maxNumBatchRequests", EndpointSpec.DEFAULT_MAX_NUM_BATCH_REQUESTS);
    }

    /**
     * {@code spec.addressBatching} (a boolean, false unless given) and {@code
     * spec.maxRequestsInFlight} (a positive number, only with address batching on).
     */
    static AddressBatching addressBatching(SpecReader spec) {
        boolean enabled = spec.optBoolean("addressBatching", false);
        int maxInFlight =
                spec.optInt("maxRequestsInFlight", AddressBatching.DEFAULT_MAX_REQUESTS_IN_FLIGHT);
        spec.positive("maxRequestsInFlight", maxInFlight, "a positive number of requests");
        if (!enabled && spec.has("maxRequestsInFlight")) {
            spec.problem(
                    "maxRequestsInFlight",
                    spec.path() + ".maxRequestsInFlight applies only to address batches",
                    "addressBatching: true beside it, or no maxRequestsInFlight");
        }
        return maxInFlight < 1 ? AddressBatching.OFF : new AddressBatching(enabled, maxInFlight);
    }

    /** {@code spec.timeouts: {call, connect}}, defaults 1 min and 10 s, both above zero. */
    static Timeouts callAndConnect(SpecReader spec) {
        SpecReader timeouts = spec.object("timeouts");
        Duration call = timeouts.optPositiveDuration("call", EndpointSpec.DEFAULT_CALL_TIMEOUT);
        Duration connect =
                timeouts.optPositiveDuration("connect", EndpointSpec.DEFAULT_CONNECT_TIMEOUT);
        timeouts.finish();
        return new Timeouts(call, connect);
    }

    /**
     * A platform's request size limit: the default of {@code maxRequestBytes} and, for messages,
     * what the platform allows.
     */
    record RequestLimit(long defaultBytes, String platformLimit) {}

    /** {@code spec.maxRequestBytes}: a positive size, at most what the platform allows. */
    static long maxRequestBytes(SpecReader spec, RequestLimit limit) {
        long bytes = spec.optLong("maxRequestBytes", limit.defaultBytes());
        spec.positive(
                "maxRequestBytes",
                bytes,
                "a positive number of bytes (" + limit.platformLimit() + ")");
        return bytes;
    }
}
