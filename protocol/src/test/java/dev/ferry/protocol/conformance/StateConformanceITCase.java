package dev.ferry.protocol.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.FromFunction.ExpirationSpec.ExpireMode;
import dev.ferry.protocol.wire.FromFunction.PersistedValueMutation;
import dev.ferry.protocol.wire.FromFunction.PersistedValueMutation.MutationType;
import dev.ferry.protocol.wire.FromFunction.PersistedValueSpec;
import dev.ferry.protocol.wire.TypedValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;
import org.apache.flink.statefun.sdk.java.types.SimpleType;
import org.apache.flink.statefun.sdk.java.types.Type;
import org.junit.jupiter.api.Test;

/**
 * State as the official Java SDK sees it: values Ferry encodes are read back, values the SDK writes
 * decode with Ferry's codecs, deletes, custom types and the missing-state handshake.
 */
class StateConformanceITCase {

    private static final TypeName STATEFUL = TypeName.typeNameOf("conformance", "stateful");
    private static final FunctionAddress TARGET =
            FunctionAddress.of("conformance", "stateful", "id-1");

    /** A custom type: a point encoded as "x,y" text. */
    record Point(int x, int y) {}

    static final Type<Point> POINT =
            SimpleType.simpleImmutableTypeFrom(
                    TypeName.typeNameOf("conformance.types", "point"),
                    p -> (p.x() + "," + p.y()).getBytes(StandardCharsets.UTF_8),
                    bytes -> {
                        String[] parts = new String(bytes, StandardCharsets.UTF_8).split(",");
                        return new Point(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                    });

    static final ValueSpec<Integer> INT = ValueSpec.named("i").withIntType();
    static final ValueSpec<Long> LONG =
            ValueSpec.named("l").thatExpireAfterWrite(Duration.ofMinutes(5)).withLongType();
    static final ValueSpec<Float> FLOAT = ValueSpec.named("f").withFloatType();
    static final ValueSpec<Double> DOUBLE = ValueSpec.named("d").withDoubleType();
    static final ValueSpec<Boolean> BOOL = ValueSpec.named("b").withBooleanType();
    static final ValueSpec<String> STRING =
            ValueSpec.named("s").thatExpiresAfterCall(Duration.ofSeconds(30)).withUtf8StringType();
    static final ValueSpec<Point> CUSTOM = ValueSpec.named("p").withCustomType(POINT);

    static final List<String> ALL_STATES = List.of("i", "l", "f", "d", "b", "s", "p");

    /**
     * "write": stores fixed values in every state. "modify": adds one to each number, negates the
     * flag, appends to the string and moves the point. "delete": removes every state. Any other
     * message reports what it read as a string message to the caller.
     */
    private static CompletableFuture<Void> apply(Context context, Message message) {
        var storage = context.storage();
        switch (message.asUtf8String()) {
            case "write" -> {
                storage.set(INT, 7);
                storage.set(LONG, -9_000_000_000L);
                storage.set(FLOAT, 1.5f);
                storage.set(DOUBLE, 2.25);
                storage.set(BOOL, true);
                storage.set(STRING, "hello");
                storage.set(CUSTOM, new Point(3, 4));
            }
            case "modify" -> {
                storage.set(INT, storage.get(INT).orElseThrow() + 1);
                storage.set(LONG, storage.get(LONG).orElseThrow() + 1);
                storage.set(FLOAT, storage.get(FLOAT).orElseThrow() + 1);
                storage.set(DOUBLE, storage.get(DOUBLE).orElseThrow() + 1);
                storage.set(BOOL, !storage.get(BOOL).orElseThrow());
                storage.set(STRING, storage.get(STRING).orElseThrow() + "!");
                Point p = storage.get(CUSTOM).orElseThrow();
                storage.set(CUSTOM, new Point(p.x() + 1, p.y() + 1));
            }
            case "delete" -> {
                storage.remove(INT);
                storage.remove(LONG);
                storage.remove(FLOAT);
                storage.remove(DOUBLE);
                storage.remove(BOOL);
                storage.remove(STRING);
                storage.remove(CUSTOM);
            }
            default -> {
                String seen =
                        storage.get(INT)
                                + " "
                                + storage.get(STRING)
                                + " "
                                + storage.get(CUSTOM).map(Point::toString);
                context.send(
                        MessageBuilder.forAddress(context.caller().orElseThrow())
                                .withValue(seen)
                                .build());
            }
        }
        return context.done();
    }

    private static StatefulFunctions functions() {
        StatefulFunctions functions = new StatefulFunctions();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(STATEFUL)
                        .withValueSpecs(INT, LONG, FLOAT, DOUBLE, BOOL, STRING, CUSTOM)
                        .withSupplier(() -> StateConformanceITCase::apply));
        return functions;
    }

    private static Map<String, PersistedValueMutation> mutationsByName(FromFunction reply) {
        assertThat(reply.hasInvocationResult()).as("an invocation result").isTrue();
        return reply.getInvocationResult().getStateMutationsList().stream()
                .collect(Collectors.toMap(PersistedValueMutation::getStateName, m -> m));
    }

    @Test
    void writesOfEveryTypeDecodeWithFerrysCodecs() throws Exception {
        FromFunction reply =
                SdkCall.to(functions(), TARGET)
                        .emptyStates(ALL_STATES)
                        .message(PrimitiveCodecs.stringValue("write"))
                        .call();

        Map<String, PersistedValueMutation> mutations = mutationsByName(reply);
        assertThat(mutations).containsOnlyKeys(ALL_STATES);
        mutations
                .values()
                .forEach(m -> assertThat(m.getMutationType()).isEqualTo(MutationType.MODIFY));

        assertThat(typed(mutations, "i")).isEqualTo(PrimitiveCodecs.intValue(7));
        assertThat(typed(mutations, "l")).isEqualTo(PrimitiveCodecs.longValue(-9_000_000_000L));
        assertThat(typed(mutations, "f")).isEqualTo(PrimitiveCodecs.floatValue(1.5f));
        assertThat(typed(mutations, "d")).isEqualTo(PrimitiveCodecs.doubleValue(2.25));
        assertThat(typed(mutations, "b")).isEqualTo(PrimitiveCodecs.booleanValue(true));
        assertThat(typed(mutations, "s")).isEqualTo(PrimitiveCodecs.stringValue("hello"));
        TypedValue point = typed(mutations, "p");
        assertThat(point.getTypename()).isEqualTo("conformance.types/point");
        assertThat(point.getHasValue()).isTrue();
        assertThat(point.getValue().toStringUtf8()).isEqualTo("3,4");
    }

    @Test
    void valuesFerryEncodesAreReadAndModifiedByTheSdk() throws Exception {
        FromFunction reply =
                SdkCall.to(functions(), TARGET)
                        .state("i", PrimitiveCodecs.intValue(41))
                        .state("l", PrimitiveCodecs.longValue(Long.MAX_VALUE - 1))
                        .state("f", PrimitiveCodecs.floatValue(-2f))
                        .state("d", PrimitiveCodecs.doubleValue(0.5))
                        .state("b", PrimitiveCodecs.booleanValue(false))
                        .state("s", PrimitiveCodecs.stringValue("grüß"))
                        .state("p", custom("conformance.types/point", "10,20"))
                        .message(PrimitiveCodecs.stringValue("modify"))
                        .call();

        Map<String, PersistedValueMutation> mutations = mutationsByName(reply);
        assertThat(typed(mutations, "i")).isEqualTo(PrimitiveCodecs.intValue(42));
        assertThat(typed(mutations, "l")).isEqualTo(PrimitiveCodecs.longValue(Long.MAX_VALUE));
        assertThat(typed(mutations, "f")).isEqualTo(PrimitiveCodecs.floatValue(-1f));
        assertThat(typed(mutations, "d")).isEqualTo(PrimitiveCodecs.doubleValue(1.5));
        // false is encoded as zero bytes but is a present value: the SDK must read it as false.
        assertThat(typed(mutations, "b")).isEqualTo(PrimitiveCodecs.booleanValue(true));
        assertThat(typed(mutations, "s")).isEqualTo(PrimitiveCodecs.stringValue("grüß!"));
        assertThat(typed(mutations, "p").getValue().toStringUtf8()).isEqualTo("11,21");
    }

    @Test
    void removalsAreDeleteMutationsWithoutValue() throws Exception {
        FromFunction reply =
                SdkCall.to(functions(), TARGET)
                        .state("i", PrimitiveCodecs.intValue(1))
                        .state("l", PrimitiveCodecs.longValue(1))
                        .state("f", PrimitiveCodecs.floatValue(1))
                        .state("d", PrimitiveCodecs.doubleValue(1))
                        .state("b", PrimitiveCodecs.booleanValue(true))
                        .state("s", PrimitiveCodecs.stringValue("x"))
                        .state("p", custom("conformance.types/point", "1,1"))
                        .message(PrimitiveCodecs.stringValue("delete"))
                        .call();

        Map<String, PersistedValueMutation> mutations = mutationsByName(reply);
        assertThat(mutations).containsOnlyKeys(ALL_STATES);
        mutations
                .values()
                .forEach(
                        m -> {
                            assertThat(m.getMutationType()).isEqualTo(MutationType.DELETE);
                            assertThat(m.hasStateValue()).isFalse();
                        });
    }

    @Test
    void absentValuesReadAsEmptyAndPresentEntriesCountAsKnown() throws Exception {
        FunctionAddress caller = FunctionAddress.of("conformance", "caller", "c");
        FromFunction reply =
                SdkCall.to(functions(), TARGET)
                        .emptyStates(ALL_STATES)
                        .messageFrom(caller, PrimitiveCodecs.stringValue("report"))
                        .call();

        assertThat(reply.hasInvocationResult()).isTrue();
        var sent = reply.getInvocationResult().getOutgoingMessagesList();
        assertThat(sent).hasSize(1);
        assertThat(FunctionAddress.fromProto(sent.get(0).getTarget())).isEqualTo(caller);
        assertThat(PrimitiveCodecs.decodeString(sent.get(0).getArgument().getValue().toByteArray()))
                .isEqualTo("Optional.empty Optional.empty Optional.empty");
        assertThat(reply.getInvocationResult().getStateMutationsList()).isEmpty();
    }

    @Test
    void missingStatesAreAnsweredWithEverySpecAndItsExpiration() throws Exception {
        FromFunction reply =
                SdkCall.to(functions(), TARGET)
                        .emptyState("i")
                        .emptyState("p")
                        .message(PrimitiveCodecs.stringValue("write"))
                        .call();

        assertThat(reply.hasIncompleteInvocationContext()).isTrue();
        Map<String, PersistedValueSpec> missing =
                reply.getIncompleteInvocationContext().getMissingValuesList().stream()
                        .collect(
                                Collectors.toMap(
                                        PersistedValueSpec::getStateName, Function.identity()));
        assertThat(missing).containsOnlyKeys("l", "f", "d", "b", "s");

        assertThat(missing.get("l").getTypeTypename()).isEqualTo(WellKnownTypes.LONG);
        assertThat(missing.get("l").getExpirationSpec().getMode())
                .isEqualTo(ExpireMode.AFTER_WRITE);
        assertThat(missing.get("l").getExpirationSpec().getExpireAfterMillis()).isEqualTo(300_000L);

        assertThat(missing.get("s").getTypeTypename()).isEqualTo(WellKnownTypes.STRING);
        assertThat(missing.get("s").getExpirationSpec().getMode())
                .isEqualTo(ExpireMode.AFTER_INVOKE);
        assertThat(missing.get("s").getExpirationSpec().getExpireAfterMillis()).isEqualTo(30_000L);

        assertThat(missing.get("f").getTypeTypename()).isEqualTo(WellKnownTypes.FLOAT);
        assertThat(missing.get("d").getTypeTypename()).isEqualTo(WellKnownTypes.DOUBLE);
        assertThat(missing.get("b").getTypeTypename()).isEqualTo(WellKnownTypes.BOOLEAN);
        assertThat(missing.get("f").hasExpirationSpec())
                .as("a state without expiration carries no expiration_spec")
                .isFalse();
    }

    @Test
    void withNoStatesEverySpecIsMissingAndNothingRuns() throws Exception {
        FromFunction reply =
                SdkCall.to(functions(), TARGET)
                        .message(PrimitiveCodecs.stringValue("write"))
                        .call();

        assertThat(reply.hasInvocationResult()).as("nothing ran").isFalse();
        Map<String, String> typesByName =
                reply.getIncompleteInvocationContext().getMissingValuesList().stream()
                        .collect(
                                Collectors.toMap(
                                        PersistedValueSpec::getStateName,
                                        PersistedValueSpec::getTypeTypename));
        assertThat(typesByName)
                .containsOnlyKeys(ALL_STATES)
                .containsEntry("i", WellKnownTypes.INT)
                .containsEntry("p", "conformance.types/point");
    }

    private static TypedValue typed(Map<String, PersistedValueMutation> mutations, String name) {
        return mutations.get(name).getStateValue();
    }

    private static TypedValue custom(String typename, String utf8) {
        return TypedValue.newBuilder()
                .setTypename(typename)
                .setHasValue(true)
                .setValue(ByteString.copyFromUtf8(utf8))
                .build();
    }
}
