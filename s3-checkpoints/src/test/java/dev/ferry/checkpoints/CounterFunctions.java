package dev.ferry.checkpoints;

import java.util.Random;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;

/**
 * {@code test/counter}, written with the official SDK: counts the messages of its id, keeps a
 * ballast string of a fixed size next to the count (so checkpoints carry a known amount of state),
 * and reports {@code "counter <id> <count>"} to {@code test/out}.
 */
final class CounterFunctions {
    static final TypeName COUNTER = TypeName.typeNameOf("test", "counter");
    static final TypeName OUT = TypeName.typeNameOf("test", "out");
    private static final ValueSpec<Integer> COUNT = ValueSpec.named("count").withIntType();
    private static final ValueSpec<String> BALLAST =
            ValueSpec.named("ballast").withUtf8StringType();

    private CounterFunctions() {}

    static StatefulFunctions counter(int ballastChars) {
        StatefulFunctions functions = new StatefulFunctions();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(COUNTER)
                        .withValueSpecs(COUNT, BALLAST)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            int count = context.storage().get(COUNT).orElse(0) + 1;
                                            context.storage().set(COUNT, count);
                                            if (context.storage().get(BALLAST).isEmpty()) {
                                                context.storage()
                                                        .set(
                                                                BALLAST,
                                                                ballast(
                                                                        context.self().id(),
                                                                        ballastChars));
                                            }
                                            context.send(
                                                    EgressMessageBuilder.forEgress(OUT)
                                                            .withValue(
                                                                    "counter "
                                                                            + context.self().id()
                                                                            + " "
                                                                            + count)
                                                            .build());
                                            return context.done();
                                        }));
        return functions;
    }

    /** Letters that do not compress much, the same for an id every time. */
    private static String ballast(String id, int chars) {
        Random random = new Random(id.hashCode());
        StringBuilder text = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
