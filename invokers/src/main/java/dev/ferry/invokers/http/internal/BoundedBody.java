package dev.ferry.invokers.http.internal;

import dev.ferry.invokers.internal.AttemptFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;

/**
 * Reads the body of a reply without ever holding more than the endpoint's limit. A {@code
 * Content-Length} only bounds what a server says it sends: a chunked reply has none, and a
 * compressed one declares its compressed size while the client decompresses it. So the bytes are
 * counted as they arrive, after decompression, and the reply is cut off (the stream reset) as soon
 * as they pass the limit.
 */
public final class BoundedBody {
    private BoundedBody() {}

    /**
     * The whole body of {@code response}, or a failed future: a permanent {@link AttemptFailure}
     * when the reply is larger than {@code limitBytes} or its {@code Content-Length} is no size,
     * else the failure of the stream.
     *
     * @param where the endpoint and target, for errors
     * @param limit the limit as a user reads it: the number and the setting it comes from
     */
    public static Future<Buffer> read(
            HttpClientResponse response, long limitBytes, String where, String limit) {
        String declared = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long length = parseLength(declared);
            if (length < 0) {
                // Left alone, the decoder waits for a body it cannot delimit until the attempt
                // times out.
                response.request().reset();
                return Future.failedFuture(
                        AttemptFailure.permanent(
                                where
                                        + " answered with a malformed Content-Length '"
                                        + declared
                                        + "'; expected a number of bytes"));
            }
            if (length > limitBytes) {
                response.request().reset();
                return Future.failedFuture(
                        AttemptFailure.permanent(
                                where
                                        + " answered with Content-Length "
                                        + length
                                        + ", over the limit of "
                                        + limit));
            }
        }
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        response.exceptionHandler(promise::tryFail);
        response.handler(
                chunk -> {
                    if (promise.future().isComplete()) {
                        return;
                    }
                    if ((long) body.length() + chunk.length() > limitBytes) {
                        promise.tryFail(
                                AttemptFailure.permanent(
                                        where
                                                + " answered more than "
                                                + limit
                                                + " (counted after decompression); the reply was"
                                                + " cut off there"));
                        response.request().reset();
                        return;
                    }
                    body.appendBuffer(chunk);
                });
        response.endHandler(ignored -> promise.tryComplete(body));
        return promise.future();
    }

    /** The declared length, or -1 when it is not a plain non-negative decimal number. */
    private static long parseLength(String value) {
        String text = value.trim();
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }
}
