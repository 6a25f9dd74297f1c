package dev.ferry.examples.fraud.types;

/**
 * A card transaction, as written to the {@code transactions} topic (keyed by {@code id}).
 *
 * @param amountCents the amount in cents, so sums stay exact
 * @param time when the card was used, epoch milliseconds
 */
public record Transaction(
        String id, String account, String merchant, long amountCents, long time) {}
