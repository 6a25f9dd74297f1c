package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;
import java.io.Serializable;
import java.util.Objects;

/**
 * Which functions an endpoint serves: one function type ({@code namespace/name}) or a whole
 * namespace ({@code namespace/*}). No other wildcard exists.
 *
 * @param namespace the namespace
 * @param name the function name, or null for every function of the namespace
 */
public record FunctionPattern(String namespace, String name) implements Serializable {

    public FunctionPattern {
        Objects.requireNonNull(namespace, "namespace");
    }

    /** Parses {@code namespace/name} or {@code namespace/*}. */
    public static FunctionPattern parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not <namespace>/<name> or <namespace>/*");
        }
        String namespace = text.substring(0, slash);
        String name = text.substring(slash + 1);
        if (namespace.contains("*")) {
            throw new IllegalArgumentException(
                    "'"
                            + text
                            + "' has a wildcard in the namespace (only <namespace>/* is allowed)");
        }
        if (name.equals("*")) {
            return new FunctionPattern(namespace, null);
        }
        if (name.contains("*")) {
            throw new IllegalArgumentException(
                    "'" + text + "' mixes a wildcard into a name (only <namespace>/* is allowed)");
        }
        return new FunctionPattern(namespace, name);
    }

    public static FunctionPattern of(TypeName type) {
        return new FunctionPattern(type.namespace(), type.name());
    }

    public static FunctionPattern namespace(String namespace) {
        return new FunctionPattern(namespace, null);
    }

    public boolean isWildcard() {
        return name == null;
    }

    public boolean matches(TypeName type) {
        return namespace.equals(type.namespace()) && (name == null || name.equals(type.name()));
    }

    @Override
    public String toString() {
        return namespace + "/" + (name == null ? "*" : name);
    }
}
