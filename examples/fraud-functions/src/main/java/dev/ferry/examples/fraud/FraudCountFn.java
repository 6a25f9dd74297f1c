package dev.ferry.examples.fraud;

import static dev.ferry.examples.fraud.types.FraudTypes.CONFIRMED_FRAUD;
import static dev.ferry.examples.fraud.types.FraudTypes.EXPIRED_FRAUD;
import static dev.ferry.examples.fraud.types.FraudTypes.FRAUD_COUNT_REPLY;
import static dev.ferry.examples.fraud.types.FraudTypes.QUERY_FRAUD_COUNT;

import dev.ferry.examples.fraud.types.ConfirmedFraud;
import dev.ferry.examples.fraud.types.FraudCount;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * {@code fraud/fraud-count}, one per account: the number of frauds confirmed in the last 30 days.
 * Each report counts at once and sends this function a delayed message 30 days later that takes it
 * off again, so the window rolls without any scan.
 */
public final class FraudCountFn implements StatefulFunction {
    static final ValueSpec<Integer> COUNT = ValueSpec.named("count").withIntType();

    private final Duration window;

    public FraudCountFn(Duration window) {
        this.window = window;
    }

    @Override
    public CompletableFuture<Void> apply(Context context, Message message) {
        int count = context.storage().get(COUNT).orElse(0);
        if (message.is(CONFIRMED_FRAUD)) {
            ConfirmedFraud report = message.as(CONFIRMED_FRAUD);
            context.storage().set(COUNT, count + 1);
            context.sendAfter(
                    window,
                    MessageBuilder.forAddress(context.self())
                            .withCustomType(EXPIRED_FRAUD, report)
                            .build());
        } else if (message.is(EXPIRED_FRAUD)) {
            if (count <= 1) {
                context.storage().remove(COUNT);
            } else {
                context.storage().set(COUNT, count - 1);
            }
        } else if (message.is(QUERY_FRAUD_COUNT)) {
            context.caller()
                    .ifPresent(
                            caller ->
                                    context.send(
                                            MessageBuilder.forAddress(caller)
                                                    .withCustomType(
                                                            FRAUD_COUNT_REPLY,
                                                            new FraudCount(
                                                                    context.self().id(), count))
                                                    .build()));
        } else {
            throw new IllegalArgumentException(
                    "fraud-count does not take messages of type " + message.valueTypeName());
        }
        return context.done();
    }
}
