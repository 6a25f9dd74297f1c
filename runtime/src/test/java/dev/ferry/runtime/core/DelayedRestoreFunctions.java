package dev.ferry.runtime.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * SDK functions whose pending work must outlive a restore. {@code delayed/scheduler} (id k)
 * schedules {@link #DELAYED} delayed messages to {@code delayed/receiver} k with tokens {@code
 * k-<i>}, then asks itself (through the feedback loop) to cancel the odd ones and reports {@code
 * "cancelled k"}. It also has {@code delayed/ttl} k write a state that expires {@link #TTL} after
 * the write, read it at once ({@code "ttl k present"}) and again after {@link #DELAY} ({@code "ttl
 * k present|empty"}). The receiver reports {@code "fired k i"}.
 */
final class DelayedRestoreFunctions {
    static final TypeName SCHEDULER = TypeName.typeNameOf("delayed", "scheduler");
    static final TypeName RECEIVER = TypeName.typeNameOf("delayed", "receiver");
    static final TypeName TTL_HOLDER = TypeName.typeNameOf("delayed", "ttl");
    static final TypeName OUT = TypeName.typeNameOf("delayed", "out");
    static final int DELAYED = 4;

    /** Long enough for the test to checkpoint and stop the job before anything fires. */
    static final Duration DELAY = Duration.ofSeconds(12);

    static final Duration TTL = Duration.ofSeconds(3);

    private static final ValueSpec<Boolean> WRITTEN =
            ValueSpec.named("written").thatExpireAfterWrite(TTL).withBooleanType();

    private DelayedRestoreFunctions() {}

    static StatefulFunctions all() {
        StatefulFunctions functions = new StatefulFunctions();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(SCHEDULER)
                        .withSupplier(() -> DelayedRestoreFunctions::schedule));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(RECEIVER)
                        .withSupplier(
                                () ->
                                        (context, message) ->
                                                emit(
                                                        context,
                                                        "fired "
                                                                + context.self().id()
                                                                + " "
                                                                + message.asInt())));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(TTL_HOLDER)
                        .withValueSpec(WRITTEN)
                        .withSupplier(() -> DelayedRestoreFunctions::holdWithTtl));
        return functions;
    }

    private static CompletableFuture<Void> schedule(Context context, Message message) {
        String id = context.self().id();
        if (message.isUtf8String() && message.asUtf8String().equals("cancel-odd")) {
            for (int i = 1; i < DELAYED; i += 2) {
                context.cancelDelayedMessage(id + "-" + i);
            }
            return emit(context, "cancelled " + id);
        }
        for (int i = 0; i < DELAYED; i++) {
            context.sendAfter(
                    DELAY,
                    id + "-" + i,
                    MessageBuilder.forAddress(RECEIVER, id).withValue(i).build());
        }
        context.send(MessageBuilder.forAddress(SCHEDULER, id).withValue("cancel-odd").build());
        context.send(MessageBuilder.forAddress(TTL_HOLDER, id).withValue("write").build());
        context.send(MessageBuilder.forAddress(TTL_HOLDER, id).withValue("read").build());
        context.sendAfter(
                DELAY, MessageBuilder.forAddress(TTL_HOLDER, id).withValue("read").build());
        return context.done();
    }

    private static CompletableFuture<Void> holdWithTtl(Context context, Message message) {
        if (message.asUtf8String().equals("write")) {
            context.storage().set(WRITTEN, true);
            return context.done();
        }
        boolean present = context.storage().get(WRITTEN).orElse(false);
        return emit(context, "ttl " + context.self().id() + (present ? " present" : " empty"));
    }

    private static CompletableFuture<Void> emit(Context context, String record) {
        context.send(EgressMessageBuilder.forEgress(OUT).withValue(record).build());
        return context.done();
    }
}
