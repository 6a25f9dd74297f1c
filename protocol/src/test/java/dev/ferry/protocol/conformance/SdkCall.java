package dev.ferry.protocol.conformance;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.protocol.wire.TypedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.handler.RequestReplyHandler;
import org.apache.flink.statefun.sdk.java.slice.Slices;

/**
 * Builds a request with Ferry's generated classes, hands its bytes to the official SDK's handler
 * and decodes the reply with Ferry's classes again: only bytes cross between the two.
 */
final class SdkCall {
    private final RequestReplyHandler handler;
    private final ToFunction.InvocationBatchRequest.Builder batch =
            ToFunction.InvocationBatchRequest.newBuilder();

    private SdkCall(StatefulFunctions functions, FunctionAddress target) {
        this.handler = functions.requestReplyHandler();
        batch.setTarget(target.toProto());
    }

    static SdkCall to(StatefulFunctions functions, FunctionAddress target) {
        return new SdkCall(functions, target);
    }

    SdkCall state(String name, TypedValue value) {
        batch.addState(
                ToFunction.PersistedValue.newBuilder().setStateName(name).setStateValue(value));
        return this;
    }

    /** A registered state that has no value: the entry is present, its value absent. */
    SdkCall emptyState(String name) {
        batch.addState(ToFunction.PersistedValue.newBuilder().setStateName(name));
        return this;
    }

    SdkCall message(TypedValue argument) {
        batch.addInvocations(ToFunction.Invocation.newBuilder().setArgument(argument));
        return this;
    }

    SdkCall messageFrom(FunctionAddress caller, TypedValue argument) {
        batch.addInvocations(
                ToFunction.Invocation.newBuilder()
                        .setCaller(caller.toProto())
                        .setArgument(argument));
        return this;
    }

    FromFunction call() throws Exception {
        byte[] request = ToFunction.newBuilder().setInvocation(batch).build().toByteArray();
        byte[] reply = handler.handle(Slices.wrap(request)).get(10, TimeUnit.SECONDS).toByteArray();
        return FromFunction.parseFrom(reply);
    }

    /** Names of the states in a request with all of {@code names} registered and empty. */
    SdkCall emptyStates(List<String> names) {
        for (String name : new ArrayList<>(names)) {
            emptyState(name);
        }
        return this;
    }
}
