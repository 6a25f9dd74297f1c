package dev.ferry.protocol.sdk;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.wire.ToFunction;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.handler.RequestReplyHandler;
import org.apache.flink.statefun.sdk.java.slice.Slice;
import org.apache.flink.statefun.sdk.java.slice.Slices;

/**
 * The one-line binding of functions written with the StateFun Java SDK to every Ferry adapter:
 * {@code StatefulFunctionsHandler.of(functions)} is a {@link RemoteHandler}, so existing StateFun
 * functions deploy to Lambda, Cloud Functions or Knative unchanged.
 *
 * <p>The SDK is an optional dependency of this module: applications that use this class have it on
 * their class path already.
 */
public final class StatefulFunctionsHandler {
    private StatefulFunctionsHandler() {}

    /** A handler that serves every function registered in {@code functions}. */
    public static RemoteHandler of(StatefulFunctions functions) {
        Objects.requireNonNull(functions, "functions");
        RequestReplyHandler handler = functions.requestReplyHandler();
        return request ->
                handler.handle(Slices.wrap(request))
                        .thenApply(Slice::toByteArray)
                        .exceptionallyCompose(
                                failure ->
                                        CompletableFuture.failedFuture(
                                                unreadableOr(request, failure)));
    }

    /**
     * The SDK fails alike for a request it cannot parse and for a function that throws; only the
     * first is the client's mistake (400). Parsing again on the failure path alone tells them apart
     * and costs nothing on the way of a reply.
     */
    private static Throwable unreadableOr(byte[] request, Throwable failure) {
        try {
            ToFunction.parseFrom(request);
            return failure;
        } catch (InvalidProtocolBufferException e) {
            return RemoteHandler.unreadable(request, e);
        }
    }
}
