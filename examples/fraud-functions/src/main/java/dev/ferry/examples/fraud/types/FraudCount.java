package dev.ferry.examples.fraud.types;

/** How many frauds were confirmed for an account in the last 30 days. */
public record FraudCount(String account, int count) {}
