package dev.ferry.runtime.core;

import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;

/**
 * The function of the Kafka tests, written with the official SDK. {@code kafka/counter} counts the
 * messages of its id and writes {@code "<id> <count>"} (key: the id) to egress {@code kafka/out}:
 * to the topic named by a string message, or to {@link #NUMBERS_TOPIC} for an int message.
 */
final class KafkaTestFunctions {
    static final TypeName COUNTER = TypeName.typeNameOf("kafka", "counter");
    static final TypeName OUT = TypeName.typeNameOf("kafka", "out");
    static final String NUMBERS_TOPIC = "numbers-out";
    private static final ValueSpec<Integer> COUNT = ValueSpec.named("count").withIntType();

    private KafkaTestFunctions() {}

    static StatefulFunctions all() {
        StatefulFunctions functions = new StatefulFunctions();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(COUNTER)
                        .withValueSpec(COUNT)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            int count = context.storage().get(COUNT).orElse(0) + 1;
                                            context.storage().set(COUNT, count);
                                            String id = context.self().id();
                                            String topic =
                                                    message.isUtf8String()
                                                            ? message.asUtf8String()
                                                            : NUMBERS_TOPIC;
                                            String value =
                                                    message.isInt()
                                                            ? id + " int " + message.asInt()
                                                            : id + " " + count;
                                            context.send(
                                                    KafkaEgressMessage.forEgress(OUT)
                                                            .withTopic(topic)
                                                            .withUtf8Key(id)
                                                            .withUtf8Value(value)
                                                            .build());
                                            return context.done();
                                        }));
        return functions;
    }
}
