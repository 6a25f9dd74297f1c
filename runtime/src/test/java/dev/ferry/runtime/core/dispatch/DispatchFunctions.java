package dev.ferry.runtime.core.dispatch;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * The functions of the dispatcher tests, written with the official SDK. Each reports on egress
 * {@code test/out} as a string.
 */
final class DispatchFunctions {
    static final TypeName OUT = TypeName.typeNameOf("test", "out");
    static final TypeName DEAD = TypeName.typeNameOf("test", "dead");

    /** Counts its messages per id: {@code "<id> <count> <message>"}. */
    static final TypeName COUNTER = TypeName.typeNameOf("test", "counter");

    /** A second counter, so that two function types share ids. */
    static final TypeName TALLY = TypeName.typeNameOf("test", "tally");

    /** Sends its message to the counter whose id is the message. */
    static final TypeName FORWARD = TypeName.typeNameOf("test", "forward");

    /** {@code "send <token> <millis> <counter id>"} or {@code "cancel <token>"}. */
    static final TypeName DELAYER = TypeName.typeNameOf("test", "delayer");

    /**
     * In one reply: a message to the counter whose id is the message, a delayed one to the same
     * counter, a record on {@code test/undeclared}, and a state write.
     */
    static final TypeName ORDER = TypeName.typeNameOf("test", "order");

    static final TypeName UNDECLARED = TypeName.typeNameOf("test", "undeclared");

    static final TypeName TTL_WRITE = TypeName.typeNameOf("test", "ttl-write");
    static final TypeName TTL_CALL = TypeName.typeNameOf("test", "ttl-call");
    static final Duration TTL = Duration.ofSeconds(10);

    private static final ValueSpec<Integer> COUNT = ValueSpec.named("count").withIntType();
    static final ValueSpec<String> LAST = ValueSpec.named("last").withUtf8StringType();

    private DispatchFunctions() {}

    static StatefulFunctions all() {
        StatefulFunctions functions = others();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(COUNTER)
                        .withValueSpec(COUNT)
                        .withSupplier(() -> counting(COUNT)));
        return functions;
    }

    /** Every function but the counter. */
    private static StatefulFunctions others() {
        StatefulFunctions functions = new StatefulFunctions();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(TALLY)
                        .withValueSpec(COUNT)
                        .withSupplier(() -> counting(COUNT)));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(FORWARD)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            context.send(
                                                    MessageBuilder.forAddress(
                                                                    COUNTER, message.asUtf8String())
                                                            .withValue("from forward")
                                                            .build());
                                            return context.done();
                                        }));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(DELAYER)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            String[] words = message.asUtf8String().split(" ");
                                            if (words[0].equals("cancel")) {
                                                context.cancelDelayedMessage(words[1]);
                                            } else {
                                                context.sendAfter(
                                                        Duration.ofMillis(Long.parseLong(words[2])),
                                                        words[1],
                                                        MessageBuilder.forAddress(COUNTER, words[3])
                                                                .withValue("delayed " + words[1])
                                                                .build());
                                            }
                                            return context.done();
                                        }));
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(ORDER)
                        .withValueSpec(LAST)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            String target = message.asUtf8String();
                                            context.send(
                                                    MessageBuilder.forAddress(COUNTER, target)
                                                            .withValue("now")
                                                            .build());
                                            context.sendAfter(
                                                    Duration.ofSeconds(1),
                                                    MessageBuilder.forAddress(COUNTER, target)
                                                            .withValue("later")
                                                            .build());
                                            context.send(
                                                    EgressMessageBuilder.forEgress(UNDECLARED)
                                                            .withValue("record")
                                                            .build());
                                            context.storage().set(LAST, target);
                                            return context.done();
                                        }));
        ValueSpec<Integer> afterWrite =
                ValueSpec.named("count").thatExpireAfterWrite(TTL).withIntType();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(TTL_WRITE)
                        .withValueSpec(afterWrite)
                        .withSupplier(() -> counting(afterWrite)));
        ValueSpec<Integer> afterCall =
                ValueSpec.named("count").thatExpiresAfterCall(TTL).withIntType();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(TTL_CALL)
                        .withValueSpec(afterCall)
                        .withSupplier(() -> counting(afterCall)));
        return functions;
    }

    /** The same functions, where the counter declares one more state it writes. */
    static StatefulFunctions withCounterRemembering() {
        StatefulFunctions functions = others();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(COUNTER)
                        .withValueSpec(COUNT)
                        .withValueSpec(LAST)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            context.storage().set(LAST, message.asUtf8String());
                                            return counting(COUNT).apply(context, message);
                                        }));
        return functions;
    }

    /**
     * Counts per id; a TTL_CALL-style function only reads the state when the message says "peek".
     */
    private static StatefulFunction counting(ValueSpec<Integer> count) {
        return (context, message) -> {
            String text = message.asUtf8String();
            int current = context.storage().get(count).orElse(0);
            if (!text.equals("peek")) {
                current++;
                context.storage().set(count, current);
            }
            context.send(
                    EgressMessageBuilder.forEgress(OUT)
                            .withValue(context.self().id() + " " + current + " " + text)
                            .build());
            return context.done();
        };
    }

    /** A string as the SDK encodes it: a StringWrapper message, its text in field 1. */
    static byte[] string(String text) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeString(1, text);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a StringWrapper message ({@link #string}); empty for an empty message. */
    static String text(byte[] wrapped) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(wrapped);
            String text = "";
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (tag == 0x0a) {
                    text = in.readString();
                } else {
                    in.skipField(tag);
                }
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
