package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the exactly-once tests check of the records that reached an egress. */
final class ExactlyOnceAssertions {
    private ExactlyOnceAssertions() {}

    /** Every expected record, each exactly once, and nothing else. */
    static void assertEachExactlyOnce(List<String> records, List<String> expected) {
        Map<String, Integer> duplicates = new HashMap<>();
        records.forEach(r -> duplicates.merge(r, 1, Integer::sum));
        duplicates.values().removeIf(n -> n == 1);
        assertThat(duplicates).as("records committed more than once").isEmpty();
        assertThat(records).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * What the counter and echo functions emit for {@code messages} messages spread evenly over
     * {@code keys} keys: each count of each counter, and each echo with its count.
     */
    static List<String> counterAndEcho(int keys, int messages) {
        List<String> expected = new ArrayList<>();
        for (int key = 0; key < keys; key++) {
            for (int count = 1; count <= messages / keys; count++) {
                expected.add("counter " + key + " " + count);
                expected.add("echo e" + key + " " + count);
            }
        }
        return expected;
    }
}
