package dev.ferry.examples.cloudfunctions;

import java.util.function.Supplier;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;

/**
 * {@code example/counter}, written with the StateFun Java SDK and deployed as a Cloud Function
 * behind Ferry's generic entry point ({@code dev.ferry.adapters.gcp.FunctionsHttpFunction} with
 * {@code FERRY_FUNCTIONS=dev.ferry.examples.cloudfunctions.CounterFunctions}): counts the messages
 * of each id, keeps the count in Ferry's exactly-once state, and reports it to {@code example/out}.
 */
public final class CounterFunctions implements Supplier<StatefulFunctions> {
    static final TypeName COUNTER = TypeName.typeNameOf("example", "counter");
    static final TypeName OUT = TypeName.typeNameOf("example", "out");
    private static final ValueSpec<Long> SEEN = ValueSpec.named("seen").withLongType();

    @Override
    public StatefulFunctions get() {
        StatefulFunctions functions = new StatefulFunctions();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(COUNTER)
                        .withValueSpec(SEEN)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            long seen = context.storage().get(SEEN).orElse(0L) + 1;
                                            context.storage().set(SEEN, seen);
                                            context.send(
                                                    EgressMessageBuilder.forEgress(OUT)
                                                            .withValue(
                                                                    context.self().id()
                                                                            + " seen "
                                                                            + seen
                                                                            + " times")
                                                            .build());
                                            return context.done();
                                        }));
        return functions;
    }
}
