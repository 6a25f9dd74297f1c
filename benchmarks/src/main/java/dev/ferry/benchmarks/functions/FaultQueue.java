package dev.ferry.benchmarks.functions;

import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults queued for the next function requests, one request each, and how many of each kind were
 * served: the harness asserts that every fault it injected was met by a request.
 */
final class FaultQueue {
    private final Queue<SoakFault> queued = new ConcurrentLinkedQueue<>();
    private final Map<SoakFault, AtomicInteger> served = new EnumMap<>(SoakFault.class);

    FaultQueue() {
        for (SoakFault fault : SoakFault.values()) {
            served.put(fault, new AtomicInteger());
        }
    }

    void enqueue(SoakFault fault, int count) {
        if (!fault.servedByFunctions()) {
            throw new IllegalArgumentException(fault.label + " is not served by the functions");
        }
        for (int i = 0; i < count; i++) {
            queued.add(fault);
        }
    }

    /** The fault for the request at hand, or null; its ordinal among served faults of its kind. */
    Served next() {
        SoakFault fault = queued.poll();
        return fault == null ? null : new Served(fault, served.get(fault).incrementAndGet());
    }

    record Served(SoakFault fault, int number) {}

    /** {@code served.<label>=<n>} for every kind, and {@code queued=<n>}. */
    String describe() {
        StringBuilder text = new StringBuilder();
        served.forEach(
                (fault, count) ->
                        text.append(" served.")
                                .append(fault.label)
                                .append('=')
                                .append(count.get()));
        return text.append(" queued=").append(queued.size()).toString();
    }
}
