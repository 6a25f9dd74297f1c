package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;

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
}
