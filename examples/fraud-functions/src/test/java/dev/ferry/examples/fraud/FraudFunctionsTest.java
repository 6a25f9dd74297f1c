package dev.ferry.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.fraud.types.ConfirmedFraud;
import dev.ferry.examples.fraud.types.FeatureVector;
import dev.ferry.examples.fraud.types.FraudCount;
import dev.ferry.examples.fraud.types.FraudScore;
import dev.ferry.examples.fraud.types.JsonType;
import dev.ferry.examples.fraud.types.MerchantScore;
import dev.ferry.examples.fraud.types.Transaction;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import dev.ferry.protocol.wire.FromFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each function of the example, one request at a time, through the protocol's bytes. */
class FraudFunctionsTest {
    private static TrustServiceStub trust;
    private static RemoteHandler functions;

    @BeforeAll
    static void start() throws Exception {
        trust = new TrustServiceStub();
        functions = StatefulFunctionsHandler.of(FraudFunctions.create(trust.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        trust.close();
    }

    @Test
    void aTransactionAsksForTheFraudCountAndTheMerchantScore() throws Exception {
        Transaction transaction = new Transaction("tx-1", "acct-1", "merchant-1", 12_345, 0);
        FromFunction.InvocationResponse reply =
                new FunctionCall("fraud/transaction-manager", "tx-1")
                        .emptyStates("transaction", "fraud_count", "merchant_trust")
                        .message("fraud.types/transaction", transaction, null, null)
                        .call(functions)
                        .getInvocationResult();

        assertThat(reply.getOutgoingMessagesList())
                .extracting(
                        m ->
                                m.getTarget().getNamespace()
                                        + "/"
                                        + m.getTarget().getType()
                                        + ":"
                                        + m.getTarget().getId())
                .containsExactly("fraud/fraud-count:acct-1", "fraud/merchant-score:merchant-1");
        assertThat(reply.getStateMutationsList())
                .extracting(FromFunction.PersistedValueMutation::getStateName)
                .containsExactly("transaction");
    }

    @Test
    void theLastAnswerSendsTheFeatureVectorToTheModel() throws Exception {
        Transaction transaction = new Transaction("tx-2", "acct-2", "merchant-2", 50_000, 0);
        FromFunction.InvocationResponse reply =
                new FunctionCall("fraud/transaction-manager", "tx-2")
                        .state(
                                "transaction",
                                FunctionCall.json("fraud.types/transaction", transaction))
                        .state("fraud_count", PrimitiveCodecs.intValue(2))
                        .emptyStates("merchant_trust")
                        .message(
                                "fraud.types/merchant-score",
                                new MerchantScore("merchant-2", 0.25),
                                "fraud/merchant-score",
                                "merchant-2")
                        .call(functions)
                        .getInvocationResult();

        assertThat(reply.getOutgoingMessagesCount()).isEqualTo(1);
        var toModel = reply.getOutgoingMessages(0);
        assertThat(toModel.getTarget().getType()).isEqualTo("model");
        assertThat(
                        JsonType.fromJson(
                                toModel.getArgument().getValue().toByteArray(),
                                FeatureVector.class))
                .isEqualTo(new FeatureVector("tx-2", 50_000, 2, 0.25));
    }

    @Test
    void aHighScoreRaisesAnAlertOnTheKafkaEgress() throws Exception {
        Transaction transaction = new Transaction("tx-3", "acct-3", "merchant-3", 90_000, 0);
        FromFunction.InvocationResponse reply =
                new FunctionCall("fraud/transaction-manager", "tx-3")
                        .state(
                                "transaction",
                                FunctionCall.json("fraud.types/transaction", transaction))
                        .state("fraud_count", PrimitiveCodecs.intValue(3))
                        .state("merchant_trust", PrimitiveCodecs.doubleValue(0.1))
                        .message(
                                "fraud.types/fraud-score",
                                new FraudScore("tx-3", 0.97),
                                "fraud/model",
                                "tx-3")
                        .call(functions)
                        .getInvocationResult();

        assertThat(reply.getOutgoingEgressesCount()).isEqualTo(1);
        assertThat(reply.getOutgoingEgresses(0).getEgressNamespace()).isEqualTo("fraud");
        assertThat(reply.getOutgoingEgresses(0).getEgressType()).isEqualTo("alerts");
        assertThat(reply.getStateMutationsList())
                .allMatch(
                        m ->
                                m.getMutationType()
                                        == FromFunction.PersistedValueMutation.MutationType.DELETE);
    }

    @Test
    void aLowScoreRaisesNothing() throws Exception {
        Transaction transaction = new Transaction("tx-4", "acct-4", "merchant-4", 500, 0);
        FromFunction.InvocationResponse reply =
                new FunctionCall("fraud/transaction-manager", "tx-4")
                        .state(
                                "transaction",
                                FunctionCall.json("fraud.types/transaction", transaction))
                        .state("fraud_count", PrimitiveCodecs.intValue(0))
                        .state("merchant_trust", PrimitiveCodecs.doubleValue(0.9))
                        .message(
                                "fraud.types/fraud-score",
                                new FraudScore("tx-4", 0.01),
                                "fraud/model",
                                "tx-4")
                        .call(functions)
                        .getInvocationResult();

        assertThat(reply.getOutgoingEgressesCount()).isZero();
        assertThat(reply.getStateMutationsCount()).isEqualTo(3);
    }

    @Test
    void fraudCountCountsAReportAndTakesItOffThirtyDaysLater() throws Exception {
        FromFunction.InvocationResponse reply =
                new FunctionCall("fraud/fraud-count", "acct-5")
                        .state("count", PrimitiveCodecs.intValue(1))
                        .message(
                                "fraud.types/confirmed-fraud",
                                new ConfirmedFraud("acct-5", "t"),
                                null,
                                null)
                        .call(functions)
                        .getInvocationResult();

        assertThat(
                        PrimitiveCodecs.decodeInt(
                                reply.getStateMutations(0)
                                        .getStateValue()
                                        .getValue()
                                        .toByteArray()))
                .isEqualTo(2);
        assertThat(reply.getDelayedInvocationsCount()).isEqualTo(1);
        assertThat(reply.getDelayedInvocations(0).getDelayInMs())
                .isEqualTo(FraudFunctions.FRAUD_WINDOW.toMillis());
    }

    @Test
    void fraudCountAnswersItsCaller() throws Exception {
        FromFunction.InvocationResponse reply =
                new FunctionCall("fraud/fraud-count", "acct-6")
                        .state("count", PrimitiveCodecs.intValue(4))
                        .message(
                                "fraud.types/query-fraud-count",
                                "tx-6",
                                "fraud/transaction-manager",
                                "tx-6")
                        .call(functions)
                        .getInvocationResult();

        assertThat(reply.getOutgoingMessages(0).getTarget().getId()).isEqualTo("tx-6");
        assertThat(
                        JsonType.fromJson(
                                reply.getOutgoingMessages(0).getArgument().getValue().toByteArray(),
                                FraudCount.class))
                .isEqualTo(new FraudCount("acct-6", 4));
    }

    @Test
    void merchantScoreAsksTheTrustServiceOnceAndCaches() throws Exception {
        long before = trust.requests();
        FromFunction.InvocationResponse reply =
                new FunctionCall("fraud/merchant-score", "merchant-7")
                        .emptyStates("trust")
                        .message(
                                "fraud.types/query-merchant-score",
                                "tx-7",
                                "fraud/transaction-manager",
                                "tx-7")
                        .call(functions)
                        .getInvocationResult();

        assertThat(trust.requests()).isEqualTo(before + 1);
        assertThat(
                        JsonType.fromJson(
                                reply.getOutgoingMessages(0).getArgument().getValue().toByteArray(),
                                MerchantScore.class))
                .isEqualTo(new MerchantScore("merchant-7", TrustServiceStub.trustOf("merchant-7")));
        assertThat(reply.getStateMutations(0).getStateName()).isEqualTo("trust");

        new FunctionCall("fraud/merchant-score", "merchant-7")
                .state("trust", PrimitiveCodecs.doubleValue(0.5))
                .message(
                        "fraud.types/query-merchant-score",
                        "tx-8",
                        "fraud/transaction-manager",
                        "tx-8")
                .call(functions);
        assertThat(trust.requests()).isEqualTo(before + 1);
    }

    @Test
    void theModelScoresWithFixedWeights() throws Exception {
        FeatureVector features = new FeatureVector("tx-9", 25_000, 1, 0.1);
        FromFunction.InvocationResponse reply =
                new FunctionCall("fraud/model", "tx-9")
                        .message(
                                "fraud.types/feature-vector",
                                features,
                                "fraud/transaction-manager",
                                "tx-9")
                        .call(functions)
                        .getInvocationResult();

        FraudScore score =
                JsonType.fromJson(
                        reply.getOutgoingMessages(0).getArgument().getValue().toByteArray(),
                        FraudScore.class);
        assertThat(score.score()).isEqualTo(FraudModel.score(features)).isBetween(0.0, 1.0);
        assertThat(FraudModel.score(new FeatureVector("a", 100, 0, 1.0))).isLessThan(0.01);
        assertThat(FraudModel.score(new FeatureVector("b", 200_000, 3, 0.05))).isGreaterThan(0.99);
    }
}
