package dev.ferry.runtime.core.dispatch;

import static dev.ferry.runtime.core.dispatch.DispatchFunctions.COUNTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import dev.ferry.protocol.wire.Address;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.FromFunction.PersistedValueMutation;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.protocol.wire.TypedValue;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A reply that breaks the module's declarations would break again on every attempt: with {@code
 * onExhausted: dead-letter} its batch becomes one dead letter, nothing of the reply is applied and
 * the address goes on; otherwise the job fails once, without restarts, naming the function, its
 * address and the problem. The replies come from the official SDK, changed as a misbehaving
 * function would send them.
 */
class BadReplyDispatchTest {
    private static final String BAD = "bad";

    static Stream<Arguments> badReplies() {
        return Stream.of(
                Arguments.of(
                        "a state it never declared",
                        tamper(reply -> reply.addStateMutations(mutation("ghost", "x/y"))),
                        "changed state 'ghost', which it never declared"),
                Arguments.of(
                        "a state value of another type than declared",
                        tamper(
                                reply ->
                                        reply.setStateMutations(
                                                0, mutation("count", "io.statefun.types/string"))),
                        "wrote state 'count' as io.statefun.types/string, but it is declared as"
                                + " io.statefun.types/int"),
                Arguments.of(
                        "a record for an undeclared egress",
                        tamper(
                                reply ->
                                        reply.addOutgoingEgresses(
                                                FromFunction.EgressMessage.newBuilder()
                                                        .setEgressNamespace("test")
                                                        .setEgressType("nowhere")
                                                        .setArgument(value("x/y")))),
                        "sent a record to egress test/nowhere, which the module does not declare"),
                Arguments.of(
                        "a message to a function no endpoint serves",
                        tamper(
                                reply ->
                                        reply.addOutgoingMessages(
                                                FromFunction.Invocation.newBuilder()
                                                        .setTarget(
                                                                Address.newBuilder()
                                                                        .setNamespace("other")
                                                                        .setType("fn")
                                                                        .setId("1"))
                                                        .setArgument(value("x/y")))),
                        "sent a message to other/fn:1, a function type no endpoint of the module"
                                + " serves"),
                Arguments.of(
                        "a state declared again with another type",
                        (BadReply)
                                (request, reply) ->
                                        isBad(request)
                                                ? FromFunction.newBuilder()
                                                        .setIncompleteInvocationContext(
                                                                FromFunction
                                                                        .IncompleteInvocationContext
                                                                        .newBuilder()
                                                                        .addMissingValues(
                                                                                FromFunction
                                                                                        .PersistedValueSpec
                                                                                        .newBuilder()
                                                                                        .setStateName(
                                                                                                "count")
                                                                                        .setTypeTypename(
                                                                                                "io.statefun.types/string")))
                                                        .build()
                                                : reply,
                        "declares state 'count' of type io.statefun.types/string, but it is"
                                + " registered with type io.statefun.types/int"),
                Arguments.of(
                        "a reply without an invocation result",
                        (BadReply)
                                (request, reply) ->
                                        isBad(request) ? FromFunction.getDefaultInstance() : reply,
                        "replied without an invocation result"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReplies")
    void withDeadLetteringTheBatchIsOneDeadLetterAndTheAddressGoesOn(
            String name, BadReply badReply, String problem) throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).tampering(badReply);
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), true, 0))) {
            dispatcher.send(COUNTER, "a", BAD);
            dispatcher.runMailsUntil(() -> !dispatcher.records(DispatcherHarness.DEAD).isEmpty());
            JsonObject letter = deadLetter(dispatcher);
            assertThat(letter.get("address").getAsString()).isEqualTo("test/counter:a");
            assertThat(letter.get("endpoint").getAsString()).isEqualTo("sdk-endpoint");
            assertThat(letter.get("error").getAsString())
                    .contains("function test/counter:a (endpoint sdk-endpoint)", problem);
            assertThat(letter.getAsJsonArray("messages")).hasSize(1);

            // Nothing of the bad reply was applied: the count starts at 1, nothing else came out.
            dispatcher.send(COUNTER, "a", "good");
            assertThat(dispatcher.awaitOut(1)).containsExactly("a 1 good");
            assertThat(dispatcher.remote()).isEmpty();
            assertThat(dispatcher.records(DispatcherHarness.DEAD)).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReplies")
    void withoutDeadLetteringTheJobFailsWithoutRestartsNamingFunctionAddressAndProblem(
            String name, BadReply badReply, String problem) throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).tampering(badReply);
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), false, 0))) {
            dispatcher.send(COUNTER, "a", BAD);
            assertThatThrownBy(() -> dispatcher.runMailsUntil(() -> false))
                    .isInstanceOf(SuppressRestartsException.class)
                    .rootCause()
                    .hasMessageContaining("function test/counter:a (endpoint sdk-endpoint)")
                    .hasMessageContaining(problem);
            assertThat(dispatcher.out()).isEmpty();
        }
    }

    @Test
    void withDeadLetteringAMessageOverTheRequestLimitIsADeadLetterAndTheNextOneGoes()
            throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).maxRequestBytes(100);
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), true, 0))) {
            dispatcher.send(COUNTER, "a", "far too long ".repeat(9));
            JsonObject letter = deadLetter(dispatcher);
            assertThat(letter.get("error").getAsString())
                    .contains(
                            "function test/counter:a (endpoint sdk-endpoint) was sent a message"
                                    + " that needs a request of",
                            "100 bytes (maxRequestBytes)");
            assertThat(invoker.requests()).isEmpty();

            dispatcher.send(COUNTER, "a", "short");
            assertThat(dispatcher.awaitOut(1)).containsExactly("a 1 short");
        }
    }

    /** Changes the reply to a request carrying the message {@value #BAD}. */
    @FunctionalInterface
    interface BadReply extends BiFunction<ToFunction, FromFunction, FromFunction> {}

    private static BadReply tamper(UnaryOperator<FromFunction.InvocationResponse.Builder> change) {
        return (request, reply) ->
                isBad(request)
                        ? reply.toBuilder()
                                .setInvocationResult(
                                        change.apply(reply.getInvocationResult().toBuilder()))
                                .build()
                        : reply;
    }

    private static boolean isBad(ToFunction request) {
        ToFunction.Invocation first = request.getInvocation().getInvocations(0);
        return DispatchFunctions.text(first.getArgument().getValue().toByteArray()).equals(BAD);
    }

    private static PersistedValueMutation mutation(String state, String typename) {
        return PersistedValueMutation.newBuilder()
                .setStateName(state)
                .setMutationType(PersistedValueMutation.MutationType.MODIFY)
                .setStateValue(value(typename))
                .build();
    }

    private static TypedValue value(String typename) {
        return TypedValue.newBuilder()
                .setTypename(typename)
                .setHasValue(true)
                .setValue(ByteString.copyFrom("x", StandardCharsets.UTF_8))
                .build();
    }

    private static JsonObject deadLetter(DispatcherHarness dispatcher) {
        dispatcher.runMailsUntil(() -> !dispatcher.records(DispatcherHarness.DEAD).isEmpty());
        return JsonParser.parseString(
                        new String(
                                dispatcher.records(DispatcherHarness.DEAD).get(0).value(),
                                StandardCharsets.UTF_8))
                .getAsJsonObject();
    }
}
