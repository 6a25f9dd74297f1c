package dev.ferry.adapters.aws;

import dev.ferry.protocol.PayloadLimits;
import dev.ferry.protocol.adapter.AdapterOptions;
import dev.ferry.protocol.adapter.HandlerLoader;
import java.util.Map;

/**
 * A ready-made Lambda handler configured by the environment, for deploying functions without
 * writing a handler class: {@code FERRY_FUNCTIONS} names the functions class ({@link
 * HandlerLoader}: a {@code RemoteHandler}, or a {@code Supplier} of one or of StateFun SDK {@code
 * StatefulFunctions}); {@code FERRY_MAX_REQUEST_BYTES}, when set, limits the request body (413
 * above it; default Lambda's own 6 MB). Deploy with the handler {@code
 * dev.ferry.adapters.aws.FunctionsHandler::handleRequest}.
 *
 * <p>The class is loaded and the functions built once, at init (before a SnapStart snapshot). A
 * missing or unsuitable class fails the init, which Lambda reports as an init error.
 */
public final class FunctionsHandler extends FerryLambdaHandler {
    public FunctionsHandler() {
        this(
                AdapterOptions.fromEnvironment(
                        System.getenv(), PayloadLimits.LAMBDA_MAX_PAYLOAD_BYTES));
    }

    FunctionsHandler(Map<String, String> env) {
        this(AdapterOptions.fromEnvironment(env, PayloadLimits.LAMBDA_MAX_PAYLOAD_BYTES));
    }

    private FunctionsHandler(AdapterOptions options) {
        super(
                options.loadHandler(FunctionsHandler.class.getClassLoader()),
                options.maxRequestBytes());
    }
}
