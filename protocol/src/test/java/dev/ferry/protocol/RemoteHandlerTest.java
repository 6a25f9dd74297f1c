package dev.ferry.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.protocol.wire.TypedValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RemoteHandlerTest {

    private static final FunctionAddress TARGET = FunctionAddress.of("acme", "greeter", "ann");

    private static byte[] request() {
        return ToFunction.newBuilder()
                .setInvocation(
                        ToFunction.InvocationBatchRequest.newBuilder()
                                .setTarget(TARGET.toProto())
                                .addInvocations(
                                        ToFunction.Invocation.newBuilder()
                                                .setArgument(PrimitiveCodecs.stringValue("hi"))))
                .build()
                .toByteArray();
    }

    private static FromFunction reply(String text) {
        FromFunction.Invocation message =
                FromFunction.Invocation.newBuilder()
                        .setTarget(TARGET.toProto())
                        .setArgument(PrimitiveCodecs.stringValue(text))
                        .build();
        return FromFunction.newBuilder()
                .setInvocationResult(
                        FromFunction.InvocationResponse.newBuilder().addOutgoingMessages(message))
                .build();
    }

    @Test
    void parsesTheRequestAndSerializesTheReply() throws Exception {
        RemoteHandler handler =
                RemoteHandler.of(
                        toFunction -> {
                            TypedValue argument =
                                    toFunction.getInvocation().getInvocations(0).getArgument();
                            String text =
                                    PrimitiveCodecs.decodeString(argument.getValue().toByteArray());
                            return CompletableFuture.completedFuture(reply(text + "!"));
                        });

        byte[] reply = handler.handle(request()).get(5, TimeUnit.SECONDS);

        FromFunction.Invocation out =
                FromFunction.parseFrom(reply).getInvocationResult().getOutgoingMessages(0);
        assertThat(FunctionAddress.fromProto(out.getTarget())).isEqualTo(TARGET);
        assertThat(PrimitiveCodecs.decodeString(out.getArgument().getValue().toByteArray()))
                .isEqualTo("hi!");
    }

    @Test
    void malformedRequestsFailTheFutureWithoutCallingTheFunction() {
        RemoteHandler handler =
                RemoteHandler.of(
                        toFunction -> {
                            throw new AssertionError("must not be called");
                        });

        CompletableFuture<byte[]> reply = handler.handle(new byte[] {(byte) 0xFF, 0x01});

        assertThat(reply)
                .failsWithin(5, TimeUnit.SECONDS)
                .withThrowableOfType(Exception.class)
                .withMessageContaining("not a valid ToFunction")
                .havingRootCause()
                .isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void functionFailuresBecomeFailedFutures() {
        RemoteHandler throwing =
                RemoteHandler.of(
                        toFunction -> {
                            throw new IllegalStateException("boom");
                        });
        assertThat(throwing.handle(request()))
                .failsWithin(5, TimeUnit.SECONDS)
                .withThrowableOfType(Exception.class)
                .withMessageContaining("boom");

        RemoteHandler failing =
                RemoteHandler.of(
                        toFunction ->
                                CompletableFuture.failedFuture(new IllegalStateException("late")));
        assertThat(failing.handle(request()))
                .failsWithin(5, TimeUnit.SECONDS)
                .withThrowableOfType(Exception.class)
                .withMessageContaining("late");

        RemoteHandler empty = RemoteHandler.of(toFunction -> null);
        assertThat(empty.handle(request()))
                .failsWithin(5, TimeUnit.SECONDS)
                .withThrowableOfType(Exception.class)
                .withMessageContaining("no future");
    }
}
