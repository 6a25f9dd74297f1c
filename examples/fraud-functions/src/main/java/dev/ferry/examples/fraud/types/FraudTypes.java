package dev.ferry.examples.fraud.types;

import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.types.Type;

/** The function types, message types and egress of the fraud-detection application. */
public final class FraudTypes {
    private FraudTypes() {}

    public static final TypeName FRAUD_COUNT = TypeName.typeNameFromString("fraud/fraud-count");
    public static final TypeName MERCHANT_SCORE =
            TypeName.typeNameFromString("fraud/merchant-score");
    public static final TypeName TRANSACTION_MANAGER =
            TypeName.typeNameFromString("fraud/transaction-manager");
    public static final TypeName MODEL = TypeName.typeNameFromString("fraud/model");
    public static final TypeName ALERTS = TypeName.typeNameFromString("fraud/alerts");

    /** The topic the {@code fraud/alerts} egress writes to. */
    public static final String ALERTS_TOPIC = "alerts";

    // Messages from the ingresses: their type names are the valueType of module.yaml's topics.
    public static final Type<Transaction> TRANSACTION =
            JsonType.of("fraud.types/transaction", Transaction.class);
    public static final Type<ConfirmedFraud> CONFIRMED_FRAUD =
            JsonType.of("fraud.types/confirmed-fraud", ConfirmedFraud.class);

    // Messages between functions.
    /** Sent by fraud-count to itself 30 days after a report, to take it off the count. */
    public static final Type<ConfirmedFraud> EXPIRED_FRAUD =
            JsonType.of("fraud.types/expired-fraud", ConfirmedFraud.class);

    public static final Type<String> QUERY_FRAUD_COUNT =
            JsonType.of("fraud.types/query-fraud-count", String.class);
    public static final Type<FraudCount> FRAUD_COUNT_REPLY =
            JsonType.of("fraud.types/fraud-count", FraudCount.class);
    public static final Type<String> QUERY_MERCHANT_SCORE =
            JsonType.of("fraud.types/query-merchant-score", String.class);
    public static final Type<MerchantScore> MERCHANT_SCORE_REPLY =
            JsonType.of("fraud.types/merchant-score", MerchantScore.class);
    public static final Type<FeatureVector> FEATURE_VECTOR =
            JsonType.of("fraud.types/feature-vector", FeatureVector.class);
    public static final Type<FraudScore> FRAUD_SCORE =
            JsonType.of("fraud.types/fraud-score", FraudScore.class);

    // Egress.
    public static final Type<Alert> ALERT = JsonType.of("fraud.types/alert", Alert.class);
}
