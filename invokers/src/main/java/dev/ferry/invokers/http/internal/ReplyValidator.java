package dev.ferry.invokers.http.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.invokers.RetryPolicy;
import dev.ferry.invokers.internal.AttemptFailure;
import dev.ferry.protocol.MediaTypes;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.batch.AddressBatchReply;
import java.time.Duration;

/**
 * Checks an HTTP reply as StateFun's async transport does: a 2xx status, content type exactly
 * {@value MediaTypes#OCTET_STREAM} (case-insensitive, no parameters) and a body that parses as a
 * {@code FromFunction}. Ferry's address batches are checked the same way, with their own content
 * type and message ({@link #ADDRESS_BATCH}).
 */
public final class ReplyValidator {
    /** The kind of reply expected: its content type, its message name and how to parse it. */
    public record Expected<T>(String mediaType, String messageName, Parser<T> parser) {}

    /** Parses a reply body. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(byte[] body) throws InvalidProtocolBufferException;
    }

    /** A StateFun reply. */
    public static final Expected<FromFunction> FROM_FUNCTION =
            new Expected<>(MediaTypes.OCTET_STREAM, "FromFunction", FromFunction::parseFrom);

    /** The reply to one of Ferry's address batches. */
    public static final Expected<AddressBatchReply> ADDRESS_BATCH =
            new Expected<>(
                    MediaTypes.ADDRESS_BATCH, "AddressBatchReply", AddressBatchReply::parseFrom);

    private ReplyValidator() {}

    public static FromFunction validate(
            String where,
            int status,
            String contentType,
            String retryAfter,
            byte[] body,
            RetryPolicy policy) {
        return validate(where, status, contentType, retryAfter, body, policy, FROM_FUNCTION);
    }

    public static <T> T validate(
            String where,
            int status,
            String contentType,
            String retryAfter,
            byte[] body,
            RetryPolicy policy,
            Expected<T> expected) {
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
        if (contentType == null || !contentType.trim().equalsIgnoreCase(expected.mediaType())) {
            return fail(
                    AttemptFailure.retryable(
                            where
                                    + " answered with content type '"
                                    + contentType
                                    + "' instead of "
                                    + expected.mediaType()));
        }
        if (body.length == 0) {
            return fail(AttemptFailure.retryable(where + " answered with an empty body"));
        }
        try {
            return expected.parser().parse(body);
        } catch (InvalidProtocolBufferException e) {
            return fail(
                    new AttemptFailure(
                            where
                                    + " answered with a body that is not a "
                                    + expected.messageName()
                                    + " ("
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

    private static <T> T fail(AttemptFailure failure) {
        throw failure;
    }
}
