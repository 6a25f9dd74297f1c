package dev.ferry.examples.fraud;

import dev.ferry.examples.fraud.types.FraudTypes;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;

/** The four functions of the fraud-detection application, ready for any adapter. */
public final class FraudFunctions {
    /** How long a confirmed fraud counts against its account. */
    public static final Duration FRAUD_WINDOW = Duration.ofDays(30);

    private FraudFunctions() {}

    /**
     * @param merchantTrustService base URL of the merchant-trust service, ending in {@code /}
     */
    public static StatefulFunctions create(URI merchantTrustService) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return new StatefulFunctions()
                .withStatefulFunction(
                        StatefulFunctionSpec.builder(FraudTypes.FRAUD_COUNT)
                                .withValueSpec(FraudCountFn.COUNT)
                                .withSupplier(() -> new FraudCountFn(FRAUD_WINDOW)))
                .withStatefulFunction(
                        StatefulFunctionSpec.builder(FraudTypes.MERCHANT_SCORE)
                                .withValueSpec(MerchantScoreFn.TRUST)
                                .withSupplier(
                                        () -> new MerchantScoreFn(merchantTrustService, http)))
                .withStatefulFunction(
                        StatefulFunctionSpec.builder(FraudTypes.TRANSACTION_MANAGER)
                                .withValueSpecs(
                                        TransactionManagerFn.TRANSACTION_STATE,
                                        TransactionManagerFn.FRAUD_COUNT_STATE,
                                        TransactionManagerFn.MERCHANT_TRUST_STATE)
                                .withSupplier(TransactionManagerFn::new))
                .withStatefulFunction(
                        StatefulFunctionSpec.builder(FraudTypes.MODEL).withSupplier(ModelFn::new));
    }
}
