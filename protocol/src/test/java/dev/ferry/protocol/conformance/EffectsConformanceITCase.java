package dev.ferry.protocol.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.FromFunction.DelayedInvocation;
import dev.ferry.protocol.wire.FromFunction.EgressMessage;
import dev.ferry.protocol.wire.KafkaProducerRecord;
import dev.ferry.protocol.wire.KinesisEgressRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.apache.flink.statefun.sdk.java.io.KinesisEgressMessage;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;
import org.junit.jupiter.api.Test;

/**
 * Everything a function can ask of the runtime, produced by the official Java SDK and decoded by
 * Ferry: messages, delayed messages and their cancellation, Kafka and Kinesis egress records, and a
 * batch applied in order with each caller.
 */
class EffectsConformanceITCase {

    private static final TypeName EFFECTS = TypeName.typeNameOf("conformance", "effects");
    private static final TypeName OTHER = TypeName.typeNameOf("conformance", "other");
    private static final TypeName KAFKA = TypeName.typeNameOf("conformance.io", "kafka");
    private static final TypeName KINESIS = TypeName.typeNameOf("conformance.io", "kinesis");
    private static final TypeName PLAIN = TypeName.typeNameOf("conformance.io", "plain");
    private static final FunctionAddress TARGET =
            FunctionAddress.of("conformance", "effects", "me");

    private static final ValueSpec<String> SEEN = ValueSpec.named("seen").withUtf8StringType();

    private static CompletableFuture<Void> apply(Context context, Message message) {
        String command = message.asUtf8String();
        switch (command) {
            case "send" ->
                    context.send(
                            MessageBuilder.forAddress(OTHER, "other-1").withValue(42L).build());
            case "delay" -> {
                context.sendAfter(
                        Duration.ofMillis(1500),
                        MessageBuilder.forAddress(OTHER, "later").withValue(1).build());
                context.sendAfter(
                        Duration.ofHours(1),
                        "token-1",
                        MessageBuilder.forAddress(OTHER, "much-later").withValue("x").build());
            }
            case "cancel" -> context.cancelDelayedMessage("token-1");
            case "egress" -> {
                context.send(
                        KafkaEgressMessage.forEgress(KAFKA)
                                .withTopic("alerts")
                                .withUtf8Key("account-7")
                                .withUtf8Value("suspicious")
                                .build());
                context.send(
                        KafkaEgressMessage.forEgress(KAFKA)
                                .withTopic("alerts")
                                .withUtf8Value("no key")
                                .build());
                context.send(
                        KinesisEgressMessage.forEgress(KINESIS)
                                .withStream("events")
                                .withUtf8PartitionKey("pk")
                                .withUtf8Value("payload")
                                .withUtf8ExplicitHashKey("1234")
                                .build());
                context.send(EgressMessageBuilder.forEgress(PLAIN).withValue(5L).build());
            }
            default -> {
                String caller = context.caller().map(a -> a.id()).orElse("ingress");
                String seen = context.storage().get(SEEN).orElse("");
                context.storage().set(SEEN, seen + caller + ":" + command + ";");
            }
        }
        return context.done();
    }

    private static StatefulFunctions functions() {
        StatefulFunctions functions = new StatefulFunctions();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(EFFECTS)
                        .withValueSpec(SEEN)
                        .withSupplier(() -> EffectsConformanceITCase::apply));
        return functions;
    }

    private static FromFunction.InvocationResponse call(String command) throws Exception {
        FromFunction reply =
                SdkCall.to(functions(), TARGET)
                        .emptyState("seen")
                        .message(PrimitiveCodecs.stringValue(command))
                        .call();
        assertThat(reply.hasInvocationResult()).isTrue();
        return reply.getInvocationResult();
    }

    @Test
    void outgoingMessagesCarryTargetAndTypedArgument() throws Exception {
        var result = call("send");
        assertThat(result.getOutgoingMessagesList()).hasSize(1);
        var sent = result.getOutgoingMessages(0);
        assertThat(FunctionAddress.fromProto(sent.getTarget()))
                .isEqualTo(FunctionAddress.of("conformance", "other", "other-1"));
        assertThat(sent.getArgument()).isEqualTo(PrimitiveCodecs.longValue(42L));
    }

    @Test
    void delayedMessagesWithAndWithoutCancellationToken() throws Exception {
        List<DelayedInvocation> delayed = call("delay").getDelayedInvocationsList();
        assertThat(delayed).hasSize(2);

        DelayedInvocation plain = delayed.get(0);
        assertThat(plain.getIsCancellationRequest()).isFalse();
        assertThat(plain.getCancellationToken()).isEmpty();
        assertThat(plain.getDelayInMs()).isEqualTo(1500L);
        assertThat(plain.getTarget().getId()).isEqualTo("later");
        assertThat(plain.getArgument()).isEqualTo(PrimitiveCodecs.intValue(1));

        DelayedInvocation withToken = delayed.get(1);
        assertThat(withToken.getIsCancellationRequest()).isFalse();
        assertThat(withToken.getCancellationToken()).isEqualTo("token-1");
        assertThat(withToken.getDelayInMs()).isEqualTo(3_600_000L);
        assertThat(withToken.getArgument()).isEqualTo(PrimitiveCodecs.stringValue("x"));
    }

    @Test
    void cancellationCarriesOnlyTheToken() throws Exception {
        List<DelayedInvocation> delayed = call("cancel").getDelayedInvocationsList();
        assertThat(delayed).hasSize(1);
        assertThat(delayed.get(0).getIsCancellationRequest()).isTrue();
        assertThat(delayed.get(0).getCancellationToken()).isEqualTo("token-1");
        assertThat(delayed.get(0).hasTarget()).isFalse();
        assertThat(delayed.get(0).hasArgument()).isFalse();
    }

    @Test
    void egressRecordsUseTheExactWrapperTypeNames() throws Exception {
        List<EgressMessage> egresses = call("egress").getOutgoingEgressesList();
        assertThat(egresses).hasSize(4);

        EgressMessage keyed = egresses.get(0);
        assertThat(keyed.getEgressNamespace()).isEqualTo("conformance.io");
        assertThat(keyed.getEgressType()).isEqualTo("kafka");
        assertThat(keyed.getArgument().getTypename())
                .isEqualTo("type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord")
                .isEqualTo(WellKnownTypes.KAFKA_PRODUCER_RECORD);
        assertThat(keyed.getArgument().getHasValue()).isTrue();
        KafkaProducerRecord record = KafkaProducerRecord.parseFrom(keyed.getArgument().getValue());
        assertThat(record.getTopic()).isEqualTo("alerts");
        assertThat(record.getKey()).isEqualTo("account-7");
        assertThat(record.getValueBytes().toStringUtf8()).isEqualTo("suspicious");

        KafkaProducerRecord unkeyed =
                KafkaProducerRecord.parseFrom(egresses.get(1).getArgument().getValue());
        assertThat(unkeyed.getKey()).as("no key means an empty key").isEmpty();
        assertThat(unkeyed.getValueBytes().toStringUtf8()).isEqualTo("no key");

        EgressMessage kinesis = egresses.get(2);
        assertThat(kinesis.getEgressType()).isEqualTo("kinesis");
        assertThat(kinesis.getArgument().getTypename())
                .isEqualTo("type.googleapis.com/io.statefun.sdk.egress.KinesisEgressRecord")
                .isEqualTo(WellKnownTypes.KINESIS_EGRESS_RECORD);
        KinesisEgressRecord kinesisRecord =
                KinesisEgressRecord.parseFrom(kinesis.getArgument().getValue());
        assertThat(kinesisRecord.getStream()).isEqualTo("events");
        assertThat(kinesisRecord.getPartitionKey()).isEqualTo("pk");
        assertThat(kinesisRecord.getExplicitHashKey()).isEqualTo("1234");
        assertThat(kinesisRecord.getValueBytes().toStringUtf8()).isEqualTo("payload");

        assertThat(egresses.get(3).getArgument()).isEqualTo(PrimitiveCodecs.longValue(5L));
    }

    @Test
    void aBatchIsAppliedInOrderWithEachCaller() throws Exception {
        FromFunction reply =
                SdkCall.to(functions(), TARGET)
                        .emptyState("seen")
                        .message(PrimitiveCodecs.stringValue("first"))
                        .messageFrom(
                                FunctionAddress.of("conformance", "other", "o-1"),
                                PrimitiveCodecs.stringValue("second"))
                        .messageFrom(
                                FunctionAddress.of("conformance", "other", "o-2"),
                                PrimitiveCodecs.stringValue("third"))
                        .call();

        var mutations = reply.getInvocationResult().getStateMutationsList();
        assertThat(mutations).hasSize(1);
        assertThat(
                        PrimitiveCodecs.decodeString(
                                mutations.get(0).getStateValue().getValue().toByteArray()))
                .isEqualTo("ingress:first;o-1:second;o-2:third;");
    }
}
