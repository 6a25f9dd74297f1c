package dev.ferry.examples.fraud;

import static dev.ferry.examples.fraud.types.FraudTypes.ALERT;
import static dev.ferry.examples.fraud.types.FraudTypes.ALERTS;
import static dev.ferry.examples.fraud.types.FraudTypes.ALERTS_TOPIC;
import static dev.ferry.examples.fraud.types.FraudTypes.FEATURE_VECTOR;
import static dev.ferry.examples.fraud.types.FraudTypes.FRAUD_COUNT;
import static dev.ferry.examples.fraud.types.FraudTypes.FRAUD_COUNT_REPLY;
import static dev.ferry.examples.fraud.types.FraudTypes.FRAUD_SCORE;
import static dev.ferry.examples.fraud.types.FraudTypes.MERCHANT_SCORE;
import static dev.ferry.examples.fraud.types.FraudTypes.MERCHANT_SCORE_REPLY;
import static dev.ferry.examples.fraud.types.FraudTypes.MODEL;
import static dev.ferry.examples.fraud.types.FraudTypes.QUERY_FRAUD_COUNT;
import static dev.ferry.examples.fraud.types.FraudTypes.QUERY_MERCHANT_SCORE;
import static dev.ferry.examples.fraud.types.FraudTypes.TRANSACTION;

import dev.ferry.examples.fraud.types.Alert;
import dev.ferry.examples.fraud.types.FeatureVector;
import dev.ferry.examples.fraud.types.FraudScore;
import dev.ferry.examples.fraud.types.Transaction;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * {@code fraud/transaction-manager}, one per transaction: asks fraud-count and merchant-score for
 * what they know, gathers both answers in its state, has the model score the transaction and raises
 * an alert when the score reaches the threshold. Its state expires, so a transaction whose answers
 * never come leaves nothing behind.
 */
public final class TransactionManagerFn implements StatefulFunction {
    static final Duration STATE_TTL = Duration.ofMinutes(10);
    static final ValueSpec<Transaction> TRANSACTION_STATE =
            ValueSpec.named("transaction")
                    .thatExpireAfterWrite(STATE_TTL)
                    .withCustomType(TRANSACTION);
    static final ValueSpec<Integer> FRAUD_COUNT_STATE =
            ValueSpec.named("fraud_count").thatExpireAfterWrite(STATE_TTL).withIntType();
    static final ValueSpec<Double> MERCHANT_TRUST_STATE =
            ValueSpec.named("merchant_trust").thatExpireAfterWrite(STATE_TTL).withDoubleType();

    @Override
    public CompletableFuture<Void> apply(Context context, Message message) {
        var storage = context.storage();
        if (message.is(TRANSACTION)) {
            Transaction transaction = message.as(TRANSACTION);
            storage.set(TRANSACTION_STATE, transaction);
            context.send(
                    MessageBuilder.forAddress(FRAUD_COUNT, transaction.account())
                            .withCustomType(QUERY_FRAUD_COUNT, transaction.id())
                            .build());
            context.send(
                    MessageBuilder.forAddress(MERCHANT_SCORE, transaction.merchant())
                            .withCustomType(QUERY_MERCHANT_SCORE, transaction.id())
                            .build());
        } else if (message.is(FRAUD_COUNT_REPLY)) {
            storage.set(FRAUD_COUNT_STATE, message.as(FRAUD_COUNT_REPLY).count());
            scoreWhenComplete(context);
        } else if (message.is(MERCHANT_SCORE_REPLY)) {
            storage.set(MERCHANT_TRUST_STATE, message.as(MERCHANT_SCORE_REPLY).trust());
            scoreWhenComplete(context);
        } else if (message.is(FRAUD_SCORE)) {
            FraudScore score = message.as(FRAUD_SCORE);
            Optional<Transaction> transaction = storage.get(TRANSACTION_STATE);
            if (transaction.isPresent() && FraudModel.isAlert(score.score())) {
                Transaction t = transaction.get();
                Alert alert =
                        new Alert(
                                t.id(),
                                t.account(),
                                t.merchant(),
                                t.amountCents(),
                                storage.get(MERCHANT_TRUST_STATE).orElse(Double.NaN),
                                storage.get(FRAUD_COUNT_STATE).orElse(0),
                                score.score());
                context.send(
                        KafkaEgressMessage.forEgress(ALERTS)
                                .withTopic(ALERTS_TOPIC)
                                .withUtf8Key(t.account())
                                .withValue(ALERT, alert)
                                .build());
            }
            storage.remove(TRANSACTION_STATE);
            storage.remove(FRAUD_COUNT_STATE);
            storage.remove(MERCHANT_TRUST_STATE);
        } else {
            throw new IllegalArgumentException(
                    "transaction-manager does not take messages of type "
                            + message.valueTypeName());
        }
        return context.done();
    }

    private static void scoreWhenComplete(Context context) {
        var storage = context.storage();
        Optional<Transaction> transaction = storage.get(TRANSACTION_STATE);
        Optional<Integer> fraudCount = storage.get(FRAUD_COUNT_STATE);
        Optional<Double> trust = storage.get(MERCHANT_TRUST_STATE);
        if (transaction.isEmpty() || fraudCount.isEmpty() || trust.isEmpty()) {
            return;
        }
        Transaction t = transaction.get();
        context.send(
                MessageBuilder.forAddress(MODEL, t.id())
                        .withCustomType(
                                FEATURE_VECTOR,
                                new FeatureVector(
                                        t.id(), t.amountCents(), fraudCount.get(), trust.get()))
                        .build());
    }
}
