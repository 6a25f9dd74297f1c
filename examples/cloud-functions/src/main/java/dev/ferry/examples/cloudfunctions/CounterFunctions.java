package dev.ferry.examples.cloudfunctions;

import dev.ferry.adapters.gcp.FerryHttpFunction;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;

/**
 * {@code example/counter}, written with the StateFun Java SDK and deployed as a Cloud Function
 * (entry point {@code dev.ferry.examples.cloudfunctions.CounterFunction}): counts the messages of
 * each id, keeps the count in Ferry's exactly-once state, and reports it to {@code example/out}.
 */
public final class CounterFunction extends FerryHttpFunction {
    static final TypeName COUNTER = TypeName.typeNameOf("example", "counter");
    static final TypeName OUT = TypeName.typeNameOf("example", "out");
    private static final ValueSpec<Long> SEEN = ValueSpec.named("seen").withLongType();

    public CounterFunction() {
        super(StatefulFunctionsHandler.of(functions()));
    }

    static StatefulFunctions functions() {
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
