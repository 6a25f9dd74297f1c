package dev.ferry.protocol.adapter;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.ferry.protocol.wire.batch.AddressBatchReply;
import dev.ferry.protocol.wire.batch.AddressBatchRequest;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Serves Ferry's address batch: each address's {@code ToFunction} goes to the function as a request
 * of its own, and the reply holds each address's result in request order. A function failing for
 * one address fails only that address's result, so the runtime sends only its batch again; the
 * exception goes to the log as for a failed single request.
 *
 * <p>The addresses are cut into contiguous slices, one per worker of the {@link Executor} the
 * adapter gives (its cores): the StateFun SDK runs a function on the calling thread, so the slices
 * run side by side while each runs its addresses one after another. A batch of one address, and
 * every batch of an adapter without workers, runs on the calling thread.
 */
final class AddressBatchFanOut {
    private static final System.Logger LOG = System.getLogger(AddressBatchFanOut.class.getName());

    private AddressBatchFanOut() {}

    /**
     * @param one handles one address's request; fails only with a {@link ProtocolError}
     * @param workers runs the slices, or null to run every address on the calling thread
     * @param parallelism slices at most (the workers' threads); ignored without workers
     */
    static CompletableFuture<byte[]> handle(
            byte[] body,
            Function<byte[], CompletableFuture<byte[]>> one,
            Executor workers,
            int parallelism) {
        List<ByteString> requests;
        try {
            requests = parse(body);
        } catch (IOException e) {
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
        if (workers == null || requests.size() <= 1) {
            callAll(requests, 0, requests.size(), one, results);
        } else {
            int slices = Math.max(1, Math.min(parallelism, requests.size()));
            CompletableFuture<?>[] started = new CompletableFuture[slices];
            for (int s = 0; s < slices; s++) {
                // Contiguous slices of nearly equal size: slice s takes [from, to).
                int from = (int) ((long) requests.size() * s / slices);
                int to = (int) ((long) requests.size() * (s + 1) / slices);
                started[s] = runSlice(requests, from, to, one, results, workers);
            }
            return CompletableFuture.allOf(started)
                    .thenCompose(done -> CompletableFuture.allOf(results))
                    .thenApply(done -> reply(results));
        }
        return CompletableFuture.allOf(results).thenApply(done -> reply(results));
    }

    /**
     * Reads the batch with its requests sharing {@code body} rather than copied out of it: they are
     * only read, and copied once more below into the array the handler takes.
     */
    private static List<ByteString> parse(byte[] body) throws IOException {
        // An input over bytes it may treat as immutable: only then does aliasing share them.
        CodedInputStream input = UnsafeByteOperations.unsafeWrap(body).newCodedInput();
        input.enableAliasing(true);
        return AddressBatchRequest.parseFrom(input).getRequestsList();
    }

    private static CompletableFuture<Void> runSlice(
            List<ByteString> requests,
            int from,
            int to,
            Function<byte[], CompletableFuture<byte[]>> one,
            CompletableFuture<AddressBatchReply.Result>[] results,
            Executor workers) {
        try {
            return CompletableFuture.runAsync(
                    () -> callAll(requests, from, to, one, results), workers);
        } catch (RejectedExecutionException e) {
            // The workers are shut down (the server is stopping): the caller's thread does it.
            callAll(requests, from, to, one, results);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Calls the function for requests {@code [from, to)}, one after another on this thread. */
    private static void callAll(
            List<ByteString> requests,
            int from,
            int to,
            Function<byte[], CompletableFuture<byte[]>> one,
            CompletableFuture<AddressBatchReply.Result>[] results) {
        for (int i = from; i < to; i++) {
            results[i] =
                    one.apply(requests.get(i).toByteArray()).handle(AddressBatchFanOut::result);
        }
    }

    private static byte[] reply(CompletableFuture<AddressBatchReply.Result>[] results) {
        AddressBatchReply.Builder reply = AddressBatchReply.newBuilder();
        for (CompletableFuture<AddressBatchReply.Result> result : results) {
            reply.addResults(result.join());
        }
        return reply.build().toByteArray();
    }

    private static AddressBatchReply.Result result(byte[] reply, Throwable failure) {
        if (failure == null) {
            // The handler's array is its own and no longer touched: no copy.
            return AddressBatchReply.Result.newBuilder()
                    .setFromFunction(UnsafeByteOperations.unsafeWrap(reply))
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
