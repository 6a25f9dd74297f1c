package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;
import java.io.Serializable;
import java.util.List;

/**
 * Where the records of one topic or stream go: each record becomes one message of {@code valueType}
 * for every target function, with the record key as the function id.
 *
 * @param source the topic or stream
 * @param valueType the type name written into each message
 * @param targets the function types that receive each record
 */
public record IngressRoute(String source, String valueType, List<TypeName> targets)
        implements Serializable {

    public IngressRoute {
        targets = List.copyOf(targets);
    }
}
