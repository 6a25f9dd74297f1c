package dev.ferry.invokers.lambda.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ferry.invokers.RetryPolicy;
import dev.ferry.invokers.internal.AttemptFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * What a failed Lambda invocation means for the endpoint's retry policy: an error of the Invoke API
 * becomes an {@link AttemptFailure} with its status, error code and {@code Retry-After}; a function
 * error is described by the type and message the function raised.
 */
public final class LambdaFailures {
    /** How much of a payload that is not a Lambda error document goes into a message. */
    private static final int SNIPPET_CHARS = 300;

    private LambdaFailures() {}

    /**
     * The attempt failure for {@code failure} (wrapped or not) of calling {@code where}: the status
     * decides per {@code retry} for an API error, anything else (connection refused or reset,
     * timeouts) is worth another attempt.
     */
    public static RuntimeException classify(String where, Throwable failure, RetryPolicy retry) {
        Throwable cause = unwrap(failure);
        if (cause instanceof AttemptFailure attempt) {
            return attempt;
        }
        if (cause instanceof AwsServiceException service) {
            int status = service.statusCode();
            String error =
                    service.awsErrorDetails() != null
                                    && service.awsErrorDetails().errorCode() != null
                            ? service.awsErrorDetails().errorCode()
                            : service.getClass().getSimpleName();
            String message =
                    service.awsErrorDetails() != null
                                    && service.awsErrorDetails().errorMessage() != null
                            ? service.awsErrorDetails().errorMessage()
                            : service.getMessage();
            return new AttemptFailure(
                    where + " answered HTTP " + status + " " + error + ": " + message,
                    retry.isRetryableStatus(status),
                    retryAfter(service),
                    service,
                    status);
        }
        return new AttemptFailure(where + ": " + cause, true, null, cause);
    }

    /** "ErrorType: message" from a Lambda error payload, or the payload's start. */
    public static String describeError(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (parsed.isJsonObject()) {
                JsonObject error = parsed.getAsJsonObject();
                String type = string(error, "errorType");
                String message = string(error, "errorMessage");
                if (type != null || message != null) {
                    return (type == null ? "" : type + ": ") + (message == null ? "" : message);
                }
            }
        } catch (JsonParseException e) {
            // Not JSON: show it as it is.
        }
        return text.length() > SNIPPET_CHARS ? text.substring(0, SNIPPET_CHARS) + "..." : text;
    }

    private static String string(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    private static Duration retryAfter(AwsServiceException service) {
        String header = null;
        if (service instanceof TooManyRequestsException throttled) {
            header = throttled.retryAfterSeconds();
        }
        if (header == null
                && service.awsErrorDetails() != null
                && service.awsErrorDetails().sdkHttpResponse() != null) {
            header =
                    service.awsErrorDetails()
                            .sdkHttpResponse()
                            .firstMatchingHeader("Retry-After")
                            .orElse(null);
        }
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            // "Retry-After: 0" means no wait beyond the policy's own backoff.
            return seconds > 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
