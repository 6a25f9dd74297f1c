package dev.ferry.protocol.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;
import org.junit.jupiter.api.Test;

class StatefulFunctionsHandlerTest {
    private static final org.apache.flink.statefun.sdk.java.TypeName ECHO =
            org.apache.flink.statefun.sdk.java.TypeName.typeNameFromString("test/echo");

    private final RemoteHandler handler =
            StatefulFunctionsHandler.of(
                    new StatefulFunctions()
                            .withStatefulFunction(
                                    StatefulFunctionSpec.builder(ECHO)
                                            .withSupplier(
                                                    () ->
                                                            (context, message) -> {
                                                                if (message.asUtf8String()
                                                                        .equals("fail")) {
                                                                    throw new IllegalStateException(
                                                                            "asked to fail");
                                                                }
                                                                context.send(
                                                                        MessageBuilder.forAddress(
                                                                                        ECHO,
                                                                                        "back")
                                                                                .withValue(
                                                                                        message
                                                                                                .asUtf8String())
                                                                                .build());
                                                                return CompletableFuture
                                                                        .completedFuture(null);
                                                            })));

    @Test
    void servesSdkFunctionsThroughBytes() throws Exception {
        byte[] reply = handler.handle(request("hello")).get(10, TimeUnit.SECONDS);

        FromFunction.InvocationResponse response =
                FromFunction.parseFrom(reply).getInvocationResult();
        assertThat(response.getOutgoingMessagesList()).hasSize(1);
        assertThat(response.getOutgoingMessages(0).getTarget().getId()).isEqualTo("back");
        assertThat(
                        PrimitiveCodecs.decodeString(
                                response.getOutgoingMessages(0)
                                        .getArgument()
                                        .getValue()
                                        .toByteArray()))
                .isEqualTo("hello");
    }

    @Test
    void aFunctionFailureFailsTheFuture() {
        assertThatThrownBy(() -> handler.handle(request("fail")).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasStackTraceContaining("asked to fail");
    }

    private static byte[] request(String text) {
        return ToFunction.newBuilder()
                .setInvocation(
                        ToFunction.InvocationBatchRequest.newBuilder()
                                .setTarget(
                                        new FunctionAddress(TypeName.parse("test/echo"), "a")
                                                .toProto())
                                .addInvocations(
                                        ToFunction.Invocation.newBuilder()
                                                .setArgument(PrimitiveCodecs.stringValue(text))))
                .build()
                .toByteArray();
    }
}
