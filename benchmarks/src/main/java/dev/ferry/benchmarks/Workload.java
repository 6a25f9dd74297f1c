package dev.ferry.benchmarks;

import dev.ferry.protocol.TypeName;

/** The two benchmark workloads: where the generator sends, and which function reports. */
enum Workload {
    /** K keys round robin; each message reads, increments and writes an int state and emits. */
    COUNTER("bench/counter", "counter", 1),
    /** bench/a counts and forwards to bench/b under another id; b counts and emits. */
    CHAIN("bench/a", "b", 2);

    final TypeName target;
    final String reporter;
    final int invocationsPerMessage;

    Workload(String target, String reporter, int invocationsPerMessage) {
        this.target = TypeName.parse(target);
        this.reporter = reporter;
        this.invocationsPerMessage = invocationsPerMessage;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
