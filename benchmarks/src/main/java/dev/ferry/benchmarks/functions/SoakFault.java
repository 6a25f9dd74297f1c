package dev.ferry.benchmarks.functions;

/**
 * The faults the soak injects. The first four are answers of the function server to the next
 * function request; {@link #PROCESS_KILL} is the harness killing the runtime process.
 */
public enum SoakFault {
    /** HTTP 500: the invoker retries. */
    FUNCTION_5XX("5xx"),
    /** No answer: the attempt times out (the soak's endpoint allows 2 s) and is retried. */
    FUNCTION_TIMEOUT("timeout"),
    /** HTTP 429 with {@code Retry-After: 1}: retried after at least a second. */
    THROTTLE_429("429"),
    /**
     * HTTP 400, which is not retried: the invocation fails, the task fails, and Flink restarts the
     * job in the same process from its last checkpoint.
     */
    TASK_EXCEPTION("task-exception"),
    /** SIGKILL of the runtime process, then {@code ferry run --restore latest} in a new one. */
    PROCESS_KILL("sigkill");

    /** The name used in the function server's API and in the soak's report. */
    public final String label;

    SoakFault(String label) {
        this.label = label;
    }

    /** Whether the function server serves this fault (as opposed to the harness). */
    public boolean servedByFunctions() {
        return this != PROCESS_KILL;
    }

    public static SoakFault ofLabel(String label) {
        for (SoakFault fault : values()) {
            if (fault.label.equals(label)) {
                return fault;
            }
        }
        throw new IllegalArgumentException("no fault named '" + label + "'");
    }
}
