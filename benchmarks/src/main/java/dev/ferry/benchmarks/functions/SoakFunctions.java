package dev.ferry.benchmarks.functions;

import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * The soak's workloads, the benchmark's counter and chain written with the official StateFun SDK,
 * emitting to an exactly-once Kafka egress: {@code soak/counter} counts and emits; {@code soak/a}
 * counts and forwards to {@code soak/b} under id {@code b<id>}, which counts and emits. Each record
 * is {@code "<function> <id> <count> <sequence>"} with the key {@code <function>/<id>}, so the
 * harness can check every count and every message.
 */
public final class SoakFunctions {
    public static final TypeName COUNTER = TypeName.typeNameOf("soak", "counter");
    public static final TypeName CHAIN_A = TypeName.typeNameOf("soak", "a");
    public static final TypeName CHAIN_B = TypeName.typeNameOf("soak", "b");
    public static final TypeName EGRESS = TypeName.typeNameOf("soak", "out");
    public static final String OUTPUT_TOPIC = "soak-out";

    private static final ValueSpec<Integer> COUNT = ValueSpec.named("count").withIntType();

    private SoakFunctions() {}

    /** Adds the soak functions to {@code functions}. */
    public static void addTo(StatefulFunctions functions) {
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(COUNTER)
                        .withValueSpec(COUNT)
                        .withSupplier(() -> SoakFunctions::countAndEmit));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(CHAIN_A)
                        .withValueSpec(COUNT)
                        .withSupplier(() -> SoakFunctions::countAndForward));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(CHAIN_B)
                        .withValueSpec(COUNT)
                        .withSupplier(() -> SoakFunctions::countAndEmit));
    }

    private static int increment(Context context) {
        BenchmarkFunctions.countApplied();
        int count = context.storage().get(COUNT).orElse(0) + 1;
        context.storage().set(COUNT, count);
        return count;
    }

    private static CompletableFuture<Void> countAndEmit(Context context, Message message) {
        int count = increment(context);
        String function = context.self().type().name();
        String id = context.self().id();
        context.send(
                KafkaEgressMessage.forEgress(EGRESS)
                        .withTopic(OUTPUT_TOPIC)
                        .withUtf8Key(function + "/" + id)
                        .withUtf8Value(function + " " + id + " " + count + " " + message.asLong())
                        .build());
        return context.done();
    }

    private static CompletableFuture<Void> countAndForward(Context context, Message message) {
        increment(context);
        context.send(
                MessageBuilder.forAddress(CHAIN_B, "b" + context.self().id())
                        .withValue(message.asLong())
                        .build());
        return context.done();
    }
}
