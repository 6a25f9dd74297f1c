package dev.ferry.examples.fraud.demo;

import dev.ferry.examples.fraud.types.ConfirmedFraud;
import dev.ferry.examples.fraud.types.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo's deterministic input: for one seed, always the same fraud history and the same stream
 * of transactions. A few accounts are compromised and carry all the confirmed frauds; amounts
 * follow a log-normal spread, accounts and merchants are drawn evenly.
 */
public final class DemoInput {
    static final int ACCOUNTS = 200;
    static final int COMPROMISED_ACCOUNTS = 20;
    static final int MERCHANTS = 50;
    static final int CONFIRMED_FRAUDS = 60;
    private static final long START_TIME = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private final long seed;

    public DemoInput(long seed) {
        this.seed = seed;
    }

    /** The confirmed frauds written before any transaction. */
    public List<ConfirmedFraud> history() {
        Random random = new Random(seed);
        List<ConfirmedFraud> reports = new ArrayList<>();
        for (int i = 0; i < CONFIRMED_FRAUDS; i++) {
            reports.add(
                    new ConfirmedFraud(
                            account(random.nextInt(COMPROMISED_ACCOUNTS)),
                            String.format("past-%03d", i)));
        }
        return reports;
    }

    /** Transaction {@code index} (from 0) of the stream. */
    public Transaction transaction(long index) {
        // One generator per transaction: any transaction can be made without the ones before it.
        Random random = new Random(seed * 1_000_003L + index);
        String account = account(random.nextInt(ACCOUNTS));
        String merchant = merchant(random.nextInt(MERCHANTS));
        double dollars = Math.exp(3.5 + 1.3 * random.nextGaussian());
        long cents = Math.max(100, Math.min(500_000, Math.round(dollars * 100)));
        return new Transaction(
                String.format("tx-%07d", index),
                account,
                merchant,
                cents,
                START_TIME + index * 250);
    }

    static String account(int index) {
        return String.format("acct-%03d", index);
    }

    static String merchant(int index) {
        return String.format("merchant-%02d", index);
    }
}
