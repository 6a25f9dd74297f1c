package dev.ferry.examples.fraud.types;

/** The model's answer: the probability that a transaction is fraudulent. */
public record FraudScore(String transactionId, double score) {}
