package dev.ferry.examples.fraud;

import com.google.protobuf.ByteString;
import dev.ferry.examples.fraud.types.JsonType;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.Address;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.protocol.wire.TypedValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One request to the example's functions through the same bytes a Ferry runtime sends: a target,
 * its state values and one message. Tests read the reply with the protocol's classes.
 */
final class FunctionCall {
    private final FunctionAddress target;
    private final Map<String, TypedValue> state = new LinkedHashMap<>();
    private final ToFunction.InvocationBatchRequest.Builder batch =
            ToFunction.InvocationBatchRequest.newBuilder();

    FunctionCall(String type, String id) {
        this.target = new FunctionAddress(TypeName.parse(type), id);
    }

    FunctionCall state(String name, TypedValue value) {
        state.put(name, value);
        return this;
    }

    /** A registered state without a value. */
    FunctionCall emptyStates(String... names) {
        for (String name : names) {
            state.put(name, null);
        }
        return this;
    }

    FunctionCall message(String typename, Object value, String callerType, String callerId) {
        ToFunction.Invocation.Builder invocation =
                ToFunction.Invocation.newBuilder().setArgument(json(typename, value));
        if (callerType != null) {
            invocation.setCaller(
                    Address.newBuilder()
                            .setNamespace(TypeName.parse(callerType).namespace())
                            .setType(TypeName.parse(callerType).name())
                            .setId(callerId));
        }
        batch.addInvocations(invocation);
        return this;
    }

    static TypedValue json(String typename, Object value) {
        return TypedValue.newBuilder()
                .setTypename(typename)
                .setHasValue(true)
                .setValue(ByteString.copyFrom(JsonType.toJson(value)))
                .build();
    }

    FromFunction call(RemoteHandler handler) throws Exception {
        return FromFunction.parseFrom(
                handler.handle(request().toByteArray()).get(10, TimeUnit.SECONDS));
    }

    /** The request as the runtime sends it. */
    ToFunction request() {
        batch.setTarget(target.toProto());
        state.forEach(
                (name, value) -> {
                    ToFunction.PersistedValue.Builder persisted =
                            ToFunction.PersistedValue.newBuilder().setStateName(name);
                    if (value != null) {
                        persisted.setStateValue(value);
                    }
                    batch.addState(persisted);
                });
        return ToFunction.newBuilder().setInvocation(batch).build();
    }
}
