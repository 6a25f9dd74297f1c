package dev.ferry.protocol;

import java.io.Serializable;
import java.util.Objects;

/**
 * A logical type name {@code namespace/name}: a function type, an ingress or egress id, or the type
 * of a value. Namespaces and names may contain {@code .} and {@code -} but no {@code /}.
 */
public record TypeName(String namespace, String name)
        implements Serializable, Comparable<TypeName> {

    public TypeName {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        if (namespace.isEmpty() || name.isEmpty()) {
            throw new IllegalArgumentException(
                    "a type name needs a non-empty namespace and name, got '"
                            + namespace
                            + "/"
                            + name
                            + "'");
        }
        if (namespace.indexOf('/') >= 0 || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException(
                    "a type name has exactly one '/', got '" + namespace + "/" + name + "'");
        }
    }

    /** Parses {@code namespace/name}; exactly one {@code /} with text on both sides. */
    public static TypeName parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException(
                    "expected a type name of the form <namespace>/<name>, got '" + text + "'");
        }
        return new TypeName(text.substring(0, slash), text.substring(slash + 1));
    }

    /** The {@code namespace/name} form. */
    public String asString() {
        return namespace + "/" + name;
    }

    @Override
    public String toString() {
        return asString();
    }

    @Override
    public int compareTo(TypeName other) {
        int c = namespace.compareTo(other.namespace);
        return c != 0 ? c : name.compareTo(other.name);
    }
}
