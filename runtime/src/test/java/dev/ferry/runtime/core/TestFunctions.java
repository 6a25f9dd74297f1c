package dev.ferry.runtime.core;

import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * Functions of the runtime tests, written with the official SDK. {@code test/counter} counts the
 * messages of its id, reports {@code "counter <id> <count>"} and forwards to {@code test/echo}
 * under id {@code e<id>} (usually another subtask: the message travels the feedback loop), which
 * counts and reports {@code "echo <id> <count>"}.
 */
final class TestFunctions {
    static final TypeName COUNTER = TypeName.typeNameOf("test", "counter");
    static final TypeName ECHO = TypeName.typeNameOf("test", "echo");
    static final TypeName OUT = TypeName.typeNameOf("test", "out");
    private static final ValueSpec<Integer> COUNT = ValueSpec.named("count").withIntType();

    private TestFunctions() {}

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
                                            context.send(
                                                    EgressMessageBuilder.forEgress(OUT)
                                                            .withValue(
                                                                    "counter " + id + " " + count)
                                                            .build());
                                            context.send(
                                                    MessageBuilder.forAddress(ECHO, "e" + id)
                                                            .withValue(count)
                                                            .build());
                                            return context.done();
                                        }));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(ECHO)
                        .withValueSpec(COUNT)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            int count = context.storage().get(COUNT).orElse(0) + 1;
                                            context.storage().set(COUNT, count);
                                            context.send(
                                                    EgressMessageBuilder.forEgress(OUT)
                                                            .withValue(
                                                                    "echo "
                                                                            + context.self().id()
                                                                            + " "
                                                                            + count)
                                                            .build());
                                            return context.done();
                                        }));
        return functions;
    }
}
