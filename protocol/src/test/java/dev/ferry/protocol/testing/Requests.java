package dev.ferry.protocol.testing;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;

/**
 * Requests as the runtime's dispatcher builds them, and what the tests read from the replies, for
 * the invoker and adapter tests of every module (published in this module's test jar).
 */
public final class Requests {
    private Requests() {}

    /**
     * A batch of int messages to {@code address}; {@code count} is the state value to attach, or
     * null to attach none (the function then asks for it: the state handshake).
     */
    public static ToFunction batch(FunctionAddress address, Integer count, int... messages) {
        ToFunction.InvocationBatchRequest.Builder batch =
                ToFunction.InvocationBatchRequest.newBuilder().setTarget(address.toProto());
        for (int message : messages) {
            batch.addInvocations(
                    ToFunction.Invocation.newBuilder()
                            .setArgument(PrimitiveCodecs.intValue(message)));
        }
        if (count != null) {
            batch.addState(
                    ToFunction.PersistedValue.newBuilder()
                            .setStateName("count")
                            .setStateValue(PrimitiveCodecs.intValue(count)));
        }
        return ToFunction.newBuilder().setInvocation(batch).build();
    }

    /** One message with a state value of {@code stateBytes} bytes. */
    public static ToFunction withLargeState(FunctionAddress address, int stateBytes) {
        ToFunction.InvocationBatchRequest.Builder batch =
                ToFunction.InvocationBatchRequest.newBuilder()
                        .setTarget(address.toProto())
                        .addInvocations(
                                ToFunction.Invocation.newBuilder()
                                        .setArgument(PrimitiveCodecs.intValue(1)))
                        .addState(
                                ToFunction.PersistedValue.newBuilder()
                                        .setStateName("blob")
                                        .setStateValue(
                                                PrimitiveCodecs.typedValue(
                                                        "ferry.test/blob", new byte[stateBytes])));
        return ToFunction.newBuilder().setInvocation(batch).build();
    }

    /** The new value of the first state mutation of an invocation result: a counter's count. */
    public static int newCount(FromFunction reply) {
        return PrimitiveCodecs.decodeInt(
                reply.getInvocationResult()
                        .getStateMutations(0)
                        .getStateValue()
                        .getValue()
                        .toByteArray());
    }
}
