package dev.ferry.adapters.aws.testing;

import dev.ferry.adapters.aws.FerryLambdaHandler;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;

/**
 * StateFun SDK functions deployed with the adapter, as a user would: the whole Lambda handler is
 * the constructor's one line. {@code ferry.test/counter} counts its messages in state {@code count}
 * and reports each count to egress {@code ferry.test/out}; {@code ferry.test/fail} throws; {@code
 * ferry.test/sleep} sleeps for the milliseconds of its int argument.
 */
public final class SdkFunctions extends FerryLambdaHandler {
    public static final TypeName COUNTER = TypeName.typeNameOf("ferry.test", "counter");
    public static final TypeName FAIL = TypeName.typeNameOf("ferry.test", "fail");
    public static final TypeName SLEEP = TypeName.typeNameOf("ferry.test", "sleep");
    public static final TypeName OUT = TypeName.typeNameOf("ferry.test", "out");
    public static final ValueSpec<Integer> COUNT = ValueSpec.named("count").withIntType();

    public SdkFunctions() {
        super(StatefulFunctionsHandler.of(functions()));
    }

    static StatefulFunctions functions() {
        StatefulFunctions functions = new StatefulFunctions();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(COUNTER)
                        .withValueSpec(COUNT)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            int count = context.storage().get(COUNT).orElse(0) + 1;
                                            context.storage().set(COUNT, count);
                                            context.send(
                                                    EgressMessageBuilder.forEgress(OUT)
                                                            .withValue(
                                                                    context.self().id()
                                                                            + " "
                                                                            + count)
                                                            .build());
                                            return context.done();
                                        }));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(FAIL)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            throw new IllegalStateException(
                                                    "boom for " + context.self().id());
                                        }));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(SLEEP)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            Thread.sleep(message.asInt());
                                            return CompletableFuture.completedFuture(null);
                                        }));
        return functions;
    }
}
