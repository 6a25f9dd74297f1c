package dev.ferry.benchmarks.functions;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * The benchmark workloads, written with the official StateFun SDK.
 *
 * <ul>
 *   <li>{@code bench/counter}: reads, increments and writes an int state, then emits one egress
 *       record.
 *   <li>{@code bench/a} then {@code bench/b}: the chain; {@code a} counts and forwards to {@code b}
 *       under another id, {@code b} counts and emits.
 * </ul>
 *
 * <p>Every egress record is the string {@code "<function> <id> <count> <payload>"}: the harness
 * checks the final count per key and measures latency from the payload (the generator's value).
 */
public final class BenchmarkFunctions {
    public static final TypeName COUNTER = TypeName.typeNameOf("bench", "counter");
    public static final TypeName CHAIN_A = TypeName.typeNameOf("bench", "a");
    public static final TypeName CHAIN_B = TypeName.typeNameOf("bench", "b");
    public static final TypeName EGRESS = TypeName.typeNameOf("bench", "out");

    private static final ValueSpec<Integer> COUNT = ValueSpec.named("count").withIntType();

    private static final LongAdder MESSAGES = new LongAdder();

    private BenchmarkFunctions() {}

    public static StatefulFunctions all() {
        StatefulFunctions functions = new StatefulFunctions();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(COUNTER)
                        .withValueSpec(COUNT)
                        .withSupplier(() -> BenchmarkFunctions::countAndEmit));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(CHAIN_A)
                        .withValueSpec(COUNT)
                        .withSupplier(() -> BenchmarkFunctions::countAndForward));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(CHAIN_B)
                        .withValueSpec(COUNT)
                        .withSupplier(() -> BenchmarkFunctions::countAndEmit));
        SoakFunctions.addTo(functions);
        return functions;
    }

    /** Messages applied by any benchmark function in this JVM (one request may carry many). */
    public static long messagesApplied() {
        return MESSAGES.sum();
    }

    /** Notes one message applied, for {@link #messagesApplied()}. */
    static void countApplied() {
        MESSAGES.increment();
    }

    private static int increment(Context context) {
        countApplied();
        int count = context.storage().get(COUNT).orElse(0) + 1;
        context.storage().set(COUNT, count);
        return count;
    }

    private static CompletableFuture<Void> countAndEmit(Context context, Message message) {
        int count = increment(context);
        String record =
                context.self().type().name()
                        + " "
                        + context.self().id()
                        + " "
                        + count
                        + " "
                        + message.asLong();
        context.send(EgressMessageBuilder.forEgress(EGRESS).withValue(record).build());
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
