package dev.ferry.examples.greeter;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.statefun.sdk.java.message.Message;

/**
 * {@code greeter/greet}: remembers how often it has greeted each person (the function id) and sends
 * a greeting to the {@code greeter/greetings} egress. A {@link Supplier} so that the Knative
 * adapter can load it by name: {@code FERRY_FUNCTIONS=dev.ferry.examples.greeter.GreeterFunctions}.
 */
public final class GreeterFunctions implements Supplier<StatefulFunctions> {
    public static final TypeName GREET = TypeName.typeNameFromString("greeter/greet");
    public static final TypeName GREETINGS = TypeName.typeNameFromString("greeter/greetings");

    static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();

    @Override
    public StatefulFunctions get() {
        return new StatefulFunctions()
                .withStatefulFunction(
                        StatefulFunctionSpec.builder(GREET)
                                .withValueSpec(SEEN)
                                .withSupplier(() -> GreeterFunctions::greet));
    }

    static CompletableFuture<Void> greet(Context context, Message message) {
        int seen = context.storage().get(SEEN).orElse(0) + 1;
        context.storage().set(SEEN, seen);
        String greeting = greeting(context.self().id(), seen);
        context.send(EgressMessageBuilder.forEgress(GREETINGS).withValue(greeting).build());
        return context.done();
    }

    static String greeting(String name, int seen) {
        return seen == 1
                ? "Hello " + name + ", nice to meet you!"
                : "Hello again " + name + ", visit number " + seen + ".";
    }
}
