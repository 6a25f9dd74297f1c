package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;

/** {@code ferry.io.v1/print}: writes each record to standard output or the log. */
public record PrintEgressSpec(TypeName id, Output output) implements EgressSpec {

    public static final String KIND = "ferry.io.v1/print";

    public enum Output {
        STDOUT,
        LOG
    }

    @Override
    public String kind() {
        return KIND;
    }
}
