package dev.ferry.examples.fraud;

import dev.ferry.examples.fraud.types.FeatureVector;

/**
 * A logistic model with fixed weights: large amounts, an account with recent confirmed fraud and a
 * merchant the trust service doubts all raise the score. Real deployments would load trained
 * weights; the example keeps them in code so that its results are exact and easy to check.
 */
public final class FraudModel {
    /** Transactions scoring at or above this raise an alert. */
    public static final double ALERT_THRESHOLD = 0.8;

    private static final double BIAS = -9.0;
    private static final double PER_LOG_DOLLAR = 0.9;
    private static final double PER_CONFIRMED_FRAUD = 1.6;
    private static final int MAX_COUNTED_FRAUDS = 5;
    private static final double PER_DISTRUST = 4.0;

    private FraudModel() {}

    /** The probability, between 0 and 1, that the transaction described is fraudulent. */
    public static double score(FeatureVector features) {
        double dollars = features.amountCents() / 100.0;
        double z =
                BIAS
                        + PER_LOG_DOLLAR * Math.log1p(dollars)
                        + PER_CONFIRMED_FRAUD * Math.min(features.fraudCount(), MAX_COUNTED_FRAUDS)
                        + PER_DISTRUST * (1.0 - features.merchantTrust());
        return 1.0 / (1.0 + Math.exp(-z));
    }

    public static boolean isAlert(double score) {
        return score >= ALERT_THRESHOLD;
    }
}
