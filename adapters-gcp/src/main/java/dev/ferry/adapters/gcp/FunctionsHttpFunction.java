package dev.ferry.adapters.gcp;

import dev.ferry.protocol.adapter.AdapterOptions;
import dev.ferry.protocol.adapter.HandlerLoader;
import java.util.Map;

/**
 * A ready-made Cloud Functions entry point configured by the environment, for deploying functions
 * without writing a class for the platform: {@code FERRY_FUNCTIONS} names the functions class
 * ({@link HandlerLoader}: a {@code RemoteHandler}, or a {@code Supplier} of one or of StateFun SDK
 * {@code StatefulFunctions}); {@code FERRY_MAX_REQUEST_BYTES}, when set, limits the request body
 * (413 above it; default 32 MB, the platform's own limit). Deploy with the entry point {@code
 * dev.ferry.adapters.gcp.FunctionsHttpFunction}, as {@code FunctionsHandler} is deployed on Lambda
 * and {@code KnativeMain} on Knative.
 *
 * <p>The Functions Framework constructs it once per instance, before it serves: a missing or
 * unsuitable class fails that construction, and the instance exits at start with the cause in its
 * log.
 */
public final class FunctionsHttpFunction extends FerryHttpFunction {
    public FunctionsHttpFunction() {
        this(AdapterOptions.fromEnvironment(System.getenv()));
    }

    FunctionsHttpFunction(Map<String, String> env) {
        this(AdapterOptions.fromEnvironment(env));
    }

    private FunctionsHttpFunction(AdapterOptions options) {
        super(
                options.loadHandler(FunctionsHttpFunction.class.getClassLoader()),
                options.maxRequestBytes());
    }
}
