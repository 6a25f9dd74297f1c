package dev.ferry.protocol.testing;

import java.util.function.Supplier;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;

/**
 * The function side of {@link Requests}, written with the official StateFun SDK: {@code
 * test/counter} adds each int message to its state {@code count}, which {@link Requests#batch}
 * attaches and {@link Requests#newCount} reads back. A {@code Supplier} with a public no-argument
 * constructor, so an adapter that loads its functions by class name ({@code FERRY_FUNCTIONS})
 * serves it too.
 */
public final class CounterFunctions implements Supplier<StatefulFunctions> {
    public static final TypeName COUNTER = TypeName.typeNameOf("test", "counter");
    private static final ValueSpec<Integer> COUNT = ValueSpec.named("count").withIntType();

    @Override
    public StatefulFunctions get() {
        StatefulFunctions functions = new StatefulFunctions();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(COUNTER)
                        .withValueSpec(COUNT)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            int count = context.storage().get(COUNT).orElse(0);
                                            context.storage().set(COUNT, count + message.asInt());
                                            return context.done();
                                        }));
        return functions;
    }
}
