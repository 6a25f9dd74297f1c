package dev.ferry.runtime.core.dispatch;

import com.google.protobuf.ByteString;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.protocol.wire.TypedValue;
import dev.ferry.runtime.core.message.Envelope;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Builds the requests of the dispatcher: invocations from envelopes, one batch request per address
 * with every registered state attached, and the part of a batch that fits the invoker's limit. Kept
 * apart from the operator so that a request for many addresses can be added here later.
 */
final class Requests {
    /** More than the bytes protobuf adds per repeated invocation (tag and length). */
    private static final int PER_INVOCATION_OVERHEAD = 8;

    private Requests() {}

    static ToFunction.Invocation invocationOf(Envelope envelope) {
        ToFunction.Invocation.Builder invocation =
                ToFunction.Invocation.newBuilder()
                        .setArgument(
                                TypedValue.newBuilder()
                                        .setTypename(envelope.typename())
                                        .setHasValue(true)
                                        .setValue(ByteString.copyFrom(envelope.value())));
        if (envelope.caller() != null) {
            invocation.setCaller(envelope.caller().toProto());
        }
        return invocation.build();
    }

    /**
     * The batch request for one address. Every registered state is attached; a state without a
     * value is an entry without {@code state_value}.
     */
    static ToFunction request(
            FunctionAddress address,
            List<ToFunction.Invocation> batch,
            List<StateRegistry.Spec> states,
            Function<StateRegistry.Spec, byte[]> read) {
        ToFunction.InvocationBatchRequest.Builder request =
                ToFunction.InvocationBatchRequest.newBuilder()
                        .setTarget(address.toProto())
                        .addAllInvocations(batch);
        for (StateRegistry.Spec state : states) {
            ToFunction.PersistedValue.Builder value =
                    ToFunction.PersistedValue.newBuilder().setStateName(state.name());
            byte[] bytes = read.apply(state);
            if (bytes != null) {
                value.setStateValue(
                        TypedValue.newBuilder()
                                .setTypename(state.typename())
                                .setHasValue(true)
                                .setValue(ByteString.copyFrom(bytes)));
            }
            request.addState(value);
        }
        return ToFunction.newBuilder().setInvocation(request).build();
    }

    /**
     * How many messages of {@code batch}, from its start, fit a request of at most {@code limit}
     * bytes, given the size of the request without invocations. 0 when the first one alone does
     * not.
     */
    static int fittingCount(List<ToFunction.Invocation> batch, int emptyRequestSize, long limit) {
        long size = emptyRequestSize;
        int count = 0;
        for (ToFunction.Invocation invocation : batch) {
            size += invocation.getSerializedSize() + PER_INVOCATION_OVERHEAD;
            if (size > limit) {
                break;
            }
            count++;
        }
        return count;
    }

    /** Says, of the function, that {@code message} alone needs a request over the limit. */
    static String oversize(
            ToFunction.Invocation message, int emptyRequestSize, String limitDescription) {
        long size = emptyRequestSize + message.getSerializedSize() + PER_INVOCATION_OVERHEAD;
        return "was sent a message that needs a request of "
                + String.format(Locale.ROOT, "%,d", size)
                + " bytes (its state included), more than the endpoint accepts: "
                + limitDescription;
    }
}
