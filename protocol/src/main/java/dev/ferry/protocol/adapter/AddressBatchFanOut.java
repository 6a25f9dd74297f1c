package dev.ferry.protocol.adapter;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.protocol.wire.batch.AddressBatchReply;
import dev.ferry.protocol.wire.batch.AddressBatchRequest;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Serves Ferry's address batch: each address's {@code ToFunction} goes to the function as a request
 * of its own (all at once: the function decides how many it runs in parallel), and the reply holds
 * each address's result in request order. A function failing for one address fails only that
 * address's result, so the runtime sends only its batch again; the exception goes to the log as for
 * a failed single request.
 */
final class AddressBatchFanOut {
    private static final System.Logger LOG = System.getLogger(AddressBatchFanOut.class.getName());

    private AddressBatchFanOut() {}

    /**
     * @param one handles one address's request; fails only with a {@link ProtocolError}
     */
    static CompletableFuture<byte[]> handle(
            byte[] body, Function<byte[], CompletableFuture<byte[]>> one) {
        List<ByteString> requests;
        try {
            requests = AddressBatchRequest.parseFrom(body).getRequestsList();
        } catch (InvalidProtocolBufferException e) {
            return CompletableFuture.failedFuture(
                    ProtocolError.badRequest(
                            "request is not a valid AddressBatchRequest ("
                                    + body.length
                                    + " bytes): "
                                    + e.getMessage(),
                            e));
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<AddressBatchReply.Result>[] results =
                new CompletableFuture[requests.size()];
        for (int i = 0; i < results.length; i++) {
            results[i] =
                    one.apply(requests.get(i).toByteArray()).handle(AddressBatchFanOut::result);
        }
        return CompletableFuture.allOf(results)
                .thenApply(
                        done -> {
                            AddressBatchReply.Builder reply = AddressBatchReply.newBuilder();
                            for (CompletableFuture<AddressBatchReply.Result> result : results) {
                                reply.addResults(result.join());
                            }
                            return reply.build().toByteArray();
                        });
    }

    private static AddressBatchReply.Result result(byte[] reply, Throwable failure) {
        if (failure == null) {
            return AddressBatchReply.Result.newBuilder()
                    .setFromFunction(ByteString.copyFrom(reply))
                    .build();
        }
        ProtocolError error = ProtocolExchange.toError(failure);
        if (error.isServerError() && error.getCause() != null) {
            LOG.log(Level.ERROR, "function failed for one address of a batch", error.getCause());
        }
        return AddressBatchReply.Result.newBuilder()
                .setFailure(error.status() + " " + error.getMessage())
                .build();
    }
}
