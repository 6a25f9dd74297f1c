package dev.ferry.benchmarks;

import dev.ferry.protocol.TypeName;

/** The two benchmark workloads: where the generator sends, and which function reports. */
enum Workload {
    /** K keys round robin; each message reads, increments and writes an int state and emits. */
    COUNTER("bench/counter", "counter ", 1),
    /** bench/a counts and forwards to bench/b under another id; b counts and emits. */
    CHAIN("bench/a", "b b", 2);

    final TypeName target;
    final int invocationsPerMessage;
    private final String reportingPrefix;

    Workload(String target, String reportingPrefix, int invocationsPerMessage) {
        this.target = TypeName.parse(target);
        this.reportingPrefix = reportingPrefix;
        this.invocationsPerMessage = invocationsPerMessage;
    }

    /**
     * The key under which the egress reports the messages the generator sent to key {@code key}:
     * {@code "<function name> <id>"} of the function that emits (as its record begins).
     */
    String reportingKey(int key) {
        return reportingPrefix + key;
    }

    /**
     * The workloads named in {@code -Dferry.bench.workloads} (comma-separated labels), else all.
     */
    static java.util.List<Workload> selected() {
        String names = System.getProperty("ferry.bench.workloads", "");
        if (names.isBlank()) {
            return java.util.List.of(values());
        }
        return java.util.Arrays.stream(names.split(","))
                .map(name -> valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)))
                .toList();
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
