package dev.ferry.protocol.conformance;

import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * The functions the {@link AdapterConformanceSuite} calls, written with the official StateFun Java
 * SDK. It is a {@code Supplier<RemoteHandler>} with a public no-argument constructor, so an adapter
 * that loads its functions by class name in another process (a container main, a Lambda runtime, a
 * Functions Framework invoker) serves exactly these.
 *
 * <ul>
 *   <li>{@code ferry.conformance/recorder}: appends each message (a string) to its {@code log}
 *       state, counts them in {@code count} (expires 1 h after write) and sends {@code
 *       "<position>:<text>"} to {@code ferry.conformance/peer/<its id>} for each, in batch order.
 *   <li>{@code ferry.conformance/effects}: on any message produces one of every reply field: a
 *       message, a delayed message, a delayed message with a cancellation token, a cancellation, a
 *       plain egress record, a Kafka egress record, a state modification and a state deletion.
 *   <li>{@code ferry.conformance/failing}: throws.
 * </ul>
 */
public final class ConformanceFunctions implements Supplier<RemoteHandler> {
    public static final String NAMESPACE = "ferry.conformance";
    public static final TypeName RECORDER = TypeName.typeNameOf(NAMESPACE, "recorder");
    public static final TypeName EFFECTS = TypeName.typeNameOf(NAMESPACE, "effects");
    public static final TypeName FAILING = TypeName.typeNameOf(NAMESPACE, "failing");
    public static final TypeName PEER = TypeName.typeNameOf(NAMESPACE, "peer");
    public static final TypeName PLAIN_EGRESS = TypeName.typeNameOf(NAMESPACE, "out");
    public static final TypeName KAFKA_EGRESS = TypeName.typeNameOf(NAMESPACE, "kafka");

    static final ValueSpec<String> LOG = ValueSpec.named("log").withUtf8StringType();
    static final ValueSpec<Integer> COUNT =
            ValueSpec.named("count").thatExpireAfterWrite(Duration.ofHours(1)).withIntType();
    static final ValueSpec<String> OLD = ValueSpec.named("old").withUtf8StringType();
    static final ValueSpec<Long> TOTAL = ValueSpec.named("total").withLongType();

    static final Duration DELAY = Duration.ofMillis(1500);
    static final Duration LONG_DELAY = Duration.ofHours(1);

    public ConformanceFunctions() {}

    /** The functions themselves, for adapters that take a {@code StatefulFunctions}. */
    public static StatefulFunctions create() {
        StatefulFunctions functions = new StatefulFunctions();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(RECORDER)
                        .withValueSpecs(LOG, COUNT)
                        .withSupplier(() -> ConformanceFunctions::record));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(EFFECTS)
                        .withValueSpecs(OLD, TOTAL)
                        .withSupplier(() -> ConformanceFunctions::produceEverything));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(FAILING)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            throw new IllegalStateException(
                                                    "conformance failure for "
                                                            + context.self().id());
                                        }));
        return functions;
    }

    @Override
    public RemoteHandler get() {
        return StatefulFunctionsHandler.of(create());
    }

    private static CompletableFuture<Void> record(Context context, Message message) {
        String text = message.asUtf8String();
        var storage = context.storage();
        int count = storage.get(COUNT).orElse(0);
        storage.set(LOG, storage.get(LOG).orElse("") + text + ";");
        storage.set(COUNT, count + 1);
        context.send(
                MessageBuilder.forAddress(PEER, context.self().id())
                        .withValue(count + ":" + text)
                        .build());
        return context.done();
    }

    private static CompletableFuture<Void> produceEverything(Context context, Message message) {
        context.send(MessageBuilder.forAddress(PEER, "now").withValue(42L).build());
        context.sendAfter(DELAY, MessageBuilder.forAddress(PEER, "later").withValue(7).build());
        context.sendAfter(
                LONG_DELAY,
                "token-1",
                MessageBuilder.forAddress(PEER, "much-later").withValue("x").build());
        context.cancelDelayedMessage("token-0");
        context.send(EgressMessageBuilder.forEgress(PLAIN_EGRESS).withValue("to-egress").build());
        context.send(
                KafkaEgressMessage.forEgress(KAFKA_EGRESS)
                        .withTopic("alerts")
                        .withUtf8Key("key-1")
                        .withUtf8Value("value-1")
                        .build());
        context.storage().set(TOTAL, context.storage().get(TOTAL).orElse(0L) + 1);
        context.storage().remove(OLD);
        return context.done();
    }
}
