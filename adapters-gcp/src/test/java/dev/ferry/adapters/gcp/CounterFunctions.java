package dev.ferry.adapters.gcp;

import java.util.function.Supplier;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;

/**
 * {@code test/counter} written with the StateFun SDK: adds its argument to its state. A {@code
 * Supplier}, as {@code FERRY_FUNCTIONS} names it.
 */
public final class CounterFunctions implements Supplier<StatefulFunctions> {
    private static final ValueSpec<Integer> COUNT = ValueSpec.named("count").withIntType();

    @Override
    public StatefulFunctions get() {
        StatefulFunctions functions = new StatefulFunctions();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(TypeName.typeNameOf("test", "counter"))
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
