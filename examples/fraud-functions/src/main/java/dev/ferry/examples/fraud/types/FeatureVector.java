package dev.ferry.examples.fraud.types;

/** What the model scores: one transaction with what is known about its account and merchant. */
public record FeatureVector(
        String transactionId, long amountCents, int fraudCount, double merchantTrust) {}
