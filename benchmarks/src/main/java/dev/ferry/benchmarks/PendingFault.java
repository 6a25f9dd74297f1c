package dev.ferry.benchmarks;

import dev.ferry.benchmarks.functions.SoakFault;

/** A fault in progress: when it was served and how much output was committed then. */
final class PendingFault {
    final SoakFault kind;
    final int expectedServed;
    long servedAt;
    long committedWhenServed;

    PendingFault(SoakFault kind, int expectedServed) {
        this.kind = kind;
        this.expectedServed = expectedServed;
    }

    void served(long at, long committedThen) {
        servedAt = at;
        committedWhenServed = committedThen;
    }
}
