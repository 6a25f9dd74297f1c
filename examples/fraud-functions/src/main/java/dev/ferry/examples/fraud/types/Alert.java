package dev.ferry.examples.fraud.types;

/** What the {@code alerts} topic receives for a transaction that scored above the threshold. */
public record Alert(
        String transactionId,
        String account,
        String merchant,
        long amountCents,
        double merchantTrust,
        int fraudCount,
        double score) {}
