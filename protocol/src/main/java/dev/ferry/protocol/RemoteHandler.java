package dev.ferry.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.protocol.adapter.ProtocolError;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What a function platform adapter wraps: serialized {@code ToFunction} bytes in, a future of
 * serialized {@code FromFunction} bytes out.
 *
 * <p>Adapters (Lambda, Cloud Functions, Knative) only move bytes between their platform's request
 * shape and this contract; they never look inside. A handler always gets one address's {@code
 * ToFunction}: Ferry's address batches (many addresses in one request) are taken apart before it is
 * called and their results put together after, in {@link
 * dev.ferry.protocol.adapter.ProtocolExchange}.
 *
 * <p>A failed future means the function failed; adapters report it as a platform error (for HTTP, a
 * 5xx status), never as a successful reply. A future failed with a {@link ProtocolError} is
 * answered with that error's status instead (400 for a request that is not a {@code ToFunction}).
 */
@FunctionalInterface
public interface RemoteHandler {

    /**
     * Handles one serialized request and completes with the serialized reply. Must be safe to call
     * from several threads at once; a malformed request completes exceptionally rather than
     * throwing.
     */
    CompletableFuture<byte[]> handle(byte[] request);

    /**
     * A handler over parsed messages: parses the request as a {@code ToFunction}, hands it to
     * {@code function} and serializes its reply. A request that is not a valid {@code ToFunction}
     * fails the future with {@link #unreadable}, which adapters answer with 400; a function that
     * throws and a function that returns null fail it too, answered with 500.
     */
    static RemoteHandler of(Function<ToFunction, CompletableFuture<FromFunction>> function) {
        Objects.requireNonNull(function, "function");
        return request -> {
            ToFunction parsed;
            try {
                parsed = ToFunction.parseFrom(request);
            } catch (InvalidProtocolBufferException e) {
                return CompletableFuture.failedFuture(unreadable(request, e));
            }
            CompletableFuture<FromFunction> reply;
            try {
                reply = function.apply(parsed);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            if (reply == null) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("the function returned no future"));
            }
            return reply.thenApply(
                    fromFunction -> {
                        if (fromFunction == null) {
                            throw new IllegalStateException("the function completed with no reply");
                        }
                        return fromFunction.toByteArray();
                    });
        };
    }

    /**
     * The failure of a request that is not a {@code ToFunction}: a {@link
     * ProtocolError#badRequest}, answered with 400 by every adapter rather than as a failed
     * function.
     */
    static ProtocolError unreadable(byte[] request, InvalidProtocolBufferException cause) {
        return ProtocolError.badRequest(
                "request is not a valid ToFunction ("
                        + request.length
                        + " bytes): "
                        + cause.getMessage(),
                cause);
    }
}
