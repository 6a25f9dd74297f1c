package dev.ferry.examples.fraud;

/**
 * The trust the example's merchant-trust service gives each merchant: a fixed function of the
 * merchant id, so runs can be compared. About one merchant in eight is barely trusted.
 */
public final class MerchantTrust {
    private MerchantTrust() {}

    public static double of(String merchant) {
        int hash = Math.floorMod(merchant.hashCode() * 0x9E3779B1, 1000);
        if (hash % 8 == 3) {
            return 0.05 + (hash % 10) / 100.0;
        }
        return 0.7 + (hash % 30) / 100.0;
    }
}
