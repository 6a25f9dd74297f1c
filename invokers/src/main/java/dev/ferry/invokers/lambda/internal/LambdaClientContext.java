package dev.ferry.invokers.lambda.internal;

import com.google.gson.JsonObject;
import dev.ferry.invokers.internal.InvocationTrace;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The client context of a Lambda invocation that carries an attempt's W3C trace context: Lambda
 * hands the function base64 JSON whose {@code custom} map is what a function reads as {@code
 * Context.getClientContext().getCustom()}, so {@code traceparent} goes there (as OpenTelemetry's
 * own Lambda instrumentation expects it).
 */
public final class LambdaClientContext {
    private LambdaClientContext() {}

    /** The base64 client context for {@code attempt}, or null when tracing is off. */
    public static String of(InvocationTrace.Attempt attempt) {
        JsonObject custom = new JsonObject();
        attempt.inject(custom::addProperty);
        if (custom.isEmpty()) {
            return null;
        }
        JsonObject context = new JsonObject();
        context.add("custom", custom);
        return Base64.getEncoder()
                .encodeToString(context.toString().getBytes(StandardCharsets.UTF_8));
    }
}
