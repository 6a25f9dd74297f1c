package dev.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the benchmark's {@code verified} catches: losses, duplicates, and any key that is off. */
class BenchmarkVerificationTest {
    private static final int MESSAGES = 10;
    private static final int KEYS = 4;

    /**
     * The counter workload's egress for numbers 0..9 over 4 keys, each exactly once, as the
     * benchmark's functions write it.
     */
    private static Measurements exact() {
        Measurements m = new Measurements(MESSAGES);
        int[] counts = new int[KEYS];
        for (int n = 0; n < MESSAGES; n++) {
            int key = n % KEYS;
            assertThat(m.recordText("counter " + key + " " + ++counts[key] + " " + n, n + 1))
                    .isTrue();
        }
        return m;
    }

    @Test
    void aRecordOfAnotherFormIsRefused() {
        Measurements m = new Measurements(MESSAGES);
        assertThat(m.recordText("counter 3 1", 1)).isFalse();
        assertThat(m.recordText("counter 3 one 7", 1)).isFalse();
        assertThat(m.recordText("counter 3 1 7 extra", 1)).isFalse();
        assertThat(m.received.get()).isZero();
    }

    @Test
    void exactlyOnceVerifiesWithKeysOfUnevenShare() {
        // 10 messages over 4 keys: keys 0 and 1 get 3, keys 2 and 3 get 2.
        assertThat(BenchmarkRun.verify(Workload.COUNTER, MESSAGES, KEYS, exact(), MESSAGES))
                .isNull();
    }

    @Test
    void aDuplicateIsCountedEvenWhenALossHidesItInTheTotal() {
        Measurements m = new Measurements(MESSAGES);
        int[] counts = new int[KEYS];
        for (int n = 0; n < MESSAGES; n++) {
            int sequence = n == 9 ? 8 : n; // number 9 lost, number 8 twice: 10 records in all
            int key = sequence % KEYS;
            m.record(Workload.COUNTER.reportingKey(key), ++counts[key], sequence, n + 1);
        }
        assertThat(m.received.get()).isEqualTo(MESSAGES);
        assertThat(BenchmarkRun.verify(Workload.COUNTER, MESSAGES, KEYS, m, MESSAGES))
                .startsWith("1 messages lost and 1 duplicated");
    }

    @Test
    void everyKeyIsChecked() {
        Measurements m = exact();
        // The last key reports one record too many, with a count the others never reach.
        m.keys.get(Workload.COUNTER.reportingKey(3)).records++;
        assertThat(BenchmarkRun.verify(Workload.COUNTER, MESSAGES, KEYS, m, MESSAGES))
                .isEqualTo("counter 3 emitted 3 records counting up to 2, expected 2 of each");
    }

    @Test
    void recordsFromAnotherFunctionDoNotVerify() {
        assertThat(BenchmarkRun.verify(Workload.CHAIN, MESSAGES, KEYS, exact(), 2 * MESSAGES))
                .isEqualTo("b b0 emitted nothing, expected 3 records");
    }
}
