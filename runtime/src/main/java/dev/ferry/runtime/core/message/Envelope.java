package dev.ferry.runtime.core.message;

import dev.ferry.protocol.FunctionAddress;
import java.util.Arrays;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * A message on its way to a function instance inside the job: the target address, the sender
 * (absent for ingress messages) and the argument as a typed value. Flink keys it by the target's
 * id, as StateFun does, so all function types sharing an id live on the same subtask.
 *
 * <p>A message from a Kafka record with a {@code traceparent} header carries that W3C trace context
 * (and its {@code tracestate}), so the invocation it leads to continues the producer's trace; other
 * messages carry none, at no cost.
 *
 * <p>The value bytes are not copied: an envelope is treated as immutable once built.
 */
public final class Envelope {
    private final FunctionAddress target;
    @Nullable private final FunctionAddress caller;
    private final String typename;
    private final byte[] value;
    @Nullable private final String traceParent;
    @Nullable private final String traceState;

    public Envelope(
            FunctionAddress target,
            @Nullable FunctionAddress caller,
            String typename,
            byte[] value) {
        this(target, caller, typename, value, null, null);
    }

    /**
     * A message with the W3C trace context it continues: {@code traceParent} as in a {@code
     * traceparent} header (null for none), {@code traceState} as in {@code tracestate}.
     */
    public Envelope(
            FunctionAddress target,
            @Nullable FunctionAddress caller,
            String typename,
            byte[] value,
            @Nullable String traceParent,
            @Nullable String traceState) {
        this.target = Objects.requireNonNull(target, "target");
        this.caller = caller;
        this.typename = Objects.requireNonNull(typename, "typename");
        this.value = Objects.requireNonNull(value, "value");
        this.traceParent = traceParent;
        this.traceState = traceParent == null ? null : traceState;
    }

    public FunctionAddress target() {
        return target;
    }

    /** The sending function, or null for a message from an ingress. */
    @Nullable
    public FunctionAddress caller() {
        return caller;
    }

    public String typename() {
        return typename;
    }

    public byte[] value() {
        return value;
    }

    /** The W3C {@code traceparent} the message continues, or null. */
    @Nullable
    public String traceParent() {
        return traceParent;
    }

    /** The W3C {@code tracestate} that came with {@link #traceParent()}, or null. */
    @Nullable
    public String traceState() {
        return traceState;
    }

    /** The Flink key: the target id. */
    public String key() {
        return target.id();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Envelope other)) {
            return false;
        }
        return target.equals(other.target)
                && Objects.equals(caller, other.caller)
                && typename.equals(other.typename)
                && Arrays.equals(value, other.value)
                && Objects.equals(traceParent, other.traceParent)
                && Objects.equals(traceState, other.traceState);
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, caller, typename, traceParent, traceState) * 31
                + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Envelope{to="
                + target
                + (caller == null ? "" : ", from=" + caller)
                + ", type="
                + typename
                + ", "
                + value.length
                + " bytes"
                + (traceParent == null ? "" : ", traceparent=" + traceParent)
                + "}";
    }
}
