package dev.ferry.examples.fraud.types;

/** How far the merchant-trust service trusts a merchant, from 0 (not at all) to 1. */
public record MerchantScore(String merchant, double trust) {}
