package dev.ferry.invokers.http.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.invokers.RetryPolicy;
import dev.ferry.invokers.internal.AttemptFailure;
import dev.ferry.protocol.MediaTypes;
import dev.ferry.protocol.wire.FromFunction;
import java.time.Duration;

/**
 * Checks an HTTP reply as StateFun's async transport does: a 2xx status, content type exactly
 * {@value MediaTypes#OCTET_STREAM} (case-insensitive, no parameters) and a body that parses as a
 * {@code FromFunction}.
 */
public final class ReplyValidator {
    private ReplyValidator() {}

    public static FromFunction validate(
            String where,
            int status,
            String contentType,
            String retryAfter,
            byte[] body,
            RetryPolicy policy) {
        if (status < 200 || status > 299) {
            boolean retryable = policy.isRetryableStatus(status);
            return fail(
                    new AttemptFailure(
                            where + " answered HTTP " + status + snippet(body),
                            retryable,
                            parseRetryAfter(retryAfter),
                            null,
                            status));
        }
        if (contentType == null || !contentType.trim().equalsIgnoreCase(MediaTypes.OCTET_STREAM)) {
            return fail(
                    AttemptFailure.retryable(
                            where
                                    + " answered with content type '"
                                    + contentType
                                    + "' instead of "
                                    + MediaTypes.OCTET_STREAM));
        }
        if (body.length == 0) {
            return fail(AttemptFailure.retryable(where + " answered with an empty body"));
        }
        try {
            return FromFunction.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            return fail(
                    new AttemptFailure(
                            where
                                    + " answered with a body that is not a FromFunction ("
                                    + body.length
                                    + " bytes): "
                                    + e.getMessage(),
                            true,
                            null,
                            e));
        }
    }

    /** Retry-After in seconds (the HTTP-date form is ignored). */
    static Duration parseRetryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String snippet(byte[] body) {
        if (body.length == 0) {
            return "";
        }
        String text =
                new String(
                        body,
                        0,
                        Math.min(body.length, 200),
                        java.nio.charset.StandardCharsets.UTF_8);
        return ": " + text.replaceAll("\\s+", " ").trim();
    }

    private static FromFunction fail(AttemptFailure failure) {
        throw failure;
    }
}
