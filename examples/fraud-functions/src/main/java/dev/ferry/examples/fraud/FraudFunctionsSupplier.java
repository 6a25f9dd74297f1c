package dev.ferry.examples.fraud;

import java.net.URI;
import java.util.function.Supplier;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;

/**
 * The functions for a container or function platform, configured from the environment: {@code
 * MERCHANT_TRUST_URL} is the merchant-trust service's base URL (default {@code
 * http://127.0.0.1:8090/}). The Knative adapter takes this class name: {@code
 * FERRY_FUNCTIONS=dev.ferry.examples.fraud.FraudFunctionsSupplier}.
 */
public final class FraudFunctionsSupplier implements Supplier<StatefulFunctions> {
    /** The variable with the merchant-trust service's base URL. */
    public static final String MERCHANT_TRUST_URL = "MERCHANT_TRUST_URL";

    static final String DEFAULT_TRUST_SERVICE = "http://127.0.0.1:8090/";

    @Override
    public StatefulFunctions get() {
        String url = System.getenv().getOrDefault(MERCHANT_TRUST_URL, DEFAULT_TRUST_SERVICE);
        return FraudFunctions.create(URI.create(url.endsWith("/") ? url : url + "/"));
    }
}
