package dev.ferry.invokers.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.protocol.wire.batch.AddressBatchRequest;

/** Reads the addresses an address batch request is for. */
public final class AddressBatchTargets {
    private AddressBatchTargets() {}

    /**
     * The address of the batch's first request: an invocation span has one target, so a batch is
     * traced under its first address.
     *
     * @throws IllegalArgumentException when the batch holds no readable request
     */
    public static FunctionAddress first(AddressBatchRequest request) {
        if (request.getRequestsCount() == 0) {
            throw new IllegalArgumentException("an address batch of no request");
        }
        try {
            return FunctionAddress.fromProto(
                    ToFunction.parseFrom(request.getRequests(0)).getInvocation().getTarget());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(
                    "an address batch whose first request is not a ToFunction", e);
        }
    }
}
