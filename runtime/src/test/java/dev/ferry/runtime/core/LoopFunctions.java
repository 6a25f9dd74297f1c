package dev.ferry.runtime.core;

import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * SDK functions that exercise the feedback loop: a greeter, ping-pong between two types, and a
 * fan-out to {@link #WORKERS} ids whose answers fan back in to one aggregator.
 */
final class LoopFunctions {
    static final int WORKERS = 1000;
    static final int ROUNDS = 5;

    static final TypeName GREETER = TypeName.typeNameOf("loop", "greeter");
    static final TypeName PING = TypeName.typeNameOf("loop", "ping");
    static final TypeName PONG = TypeName.typeNameOf("loop", "pong");
    static final TypeName FANOUT = TypeName.typeNameOf("loop", "fanout");
    static final TypeName WORKER = TypeName.typeNameOf("loop", "worker");
    static final TypeName FANIN = TypeName.typeNameOf("loop", "fanin");
    static final TypeName OUT = TypeName.typeNameOf("loop", "out");

    private static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();
    private static final ValueSpec<Long> SUM = ValueSpec.named("sum").withLongType();

    private LoopFunctions() {}

    static StatefulFunctions all() {
        StatefulFunctions functions = new StatefulFunctions();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(GREETER)
                        .withValueSpec(SEEN)
                        .withSupplier(() -> LoopFunctions::greet));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(PING).withSupplier(() -> LoopFunctions::ping));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(PONG).withSupplier(() -> LoopFunctions::pong));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(FANOUT).withSupplier(() -> LoopFunctions::fanOut));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(WORKER).withSupplier(() -> LoopFunctions::work));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(FANIN)
                        .withValueSpec(SEEN)
                        .withValueSpec(SUM)
                        .withSupplier(() -> LoopFunctions::fanIn));
        return functions;
    }

    private static java.util.concurrent.CompletableFuture<Void> greet(
            Context context, Message message) {
        int seen = context.storage().get(SEEN).orElse(0) + 1;
        context.storage().set(SEEN, seen);
        // Two generator subtasks may reach one id in either order: say who, not which message.
        String greeting = message.asUtf8String().startsWith("message-") ? "hello " : "what? ";
        out(context, greeting + context.self().id() + " #" + seen);
        return context.done();
    }

    /** From the generator (a long): start the rally; from pong (an int): return the ball. */
    private static java.util.concurrent.CompletableFuture<Void> ping(
            Context context, Message message) {
        int ball = message.isLong() ? ROUNDS : message.asInt();
        if (ball == 0) {
            out(context, "rally " + context.self().id() + " done");
        } else {
            context.send(
                    MessageBuilder.forAddress(PONG, "o" + context.self().id())
                            .withValue(ball)
                            .build());
        }
        return context.done();
    }

    private static java.util.concurrent.CompletableFuture<Void> pong(
            Context context, Message message) {
        context.send(
                MessageBuilder.forAddress(PING, context.caller().orElseThrow().id())
                        .withValue(message.asInt() - 1)
                        .build());
        return context.done();
    }

    private static java.util.concurrent.CompletableFuture<Void> fanOut(
            Context context, Message message) {
        for (int worker = 0; worker < WORKERS; worker++) {
            context.send(MessageBuilder.forAddress(WORKER, "w" + worker).withValue(worker).build());
        }
        return context.done();
    }

    private static java.util.concurrent.CompletableFuture<Void> work(
            Context context, Message message) {
        context.send(MessageBuilder.forAddress(FANIN, "total").withValue(message.asInt()).build());
        return context.done();
    }

    private static java.util.concurrent.CompletableFuture<Void> fanIn(
            Context context, Message message) {
        int seen = context.storage().get(SEEN).orElse(0) + 1;
        long sum = context.storage().get(SUM).orElse(0L) + message.asInt();
        context.storage().set(SEEN, seen);
        context.storage().set(SUM, sum);
        if (seen == WORKERS) {
            out(context, "fan-in " + seen + " " + sum);
        }
        return context.done();
    }

    private static void out(Context context, String text) {
        context.send(EgressMessageBuilder.forEgress(OUT).withValue(text).build());
    }
}
