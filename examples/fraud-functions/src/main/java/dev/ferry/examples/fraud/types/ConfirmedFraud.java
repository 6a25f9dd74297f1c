package dev.ferry.examples.fraud.types;

/**
 * A fraud confirmed by the bank for one account, as written to the {@code confirmed-fraud} topic
 * (keyed by {@code account}).
 */
public record ConfirmedFraud(String account, String transactionId) {}
