package dev.ferry.examples.fraud;

import static dev.ferry.examples.fraud.types.FraudTypes.FEATURE_VECTOR;
import static dev.ferry.examples.fraud.types.FraudTypes.FRAUD_SCORE;

import dev.ferry.examples.fraud.types.FeatureVector;
import dev.ferry.examples.fraud.types.FraudScore;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/** {@code fraud/model}: scores a feature vector with {@link FraudModel} and replies. Stateless. */
public final class ModelFn implements StatefulFunction {

    @Override
    public CompletableFuture<Void> apply(Context context, Message message) {
        if (!message.is(FEATURE_VECTOR)) {
            throw new IllegalArgumentException(
                    "model does not take messages of type " + message.valueTypeName());
        }
        FeatureVector features = message.as(FEATURE_VECTOR);
        FraudScore score = new FraudScore(features.transactionId(), FraudModel.score(features));
        context.caller()
                .ifPresent(
                        caller ->
                                context.send(
                                        MessageBuilder.forAddress(caller)
                                                .withCustomType(FRAUD_SCORE, score)
                                                .build()));
        return context.done();
    }
}
