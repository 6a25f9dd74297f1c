package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;
import java.util.List;

/**
 * {@code io.statefun.playground.v1/egress}: StateFun's playground egress. Functions send it values
 * of type {@code io.statefun.playground/EgressRecord}, JSON {@code {"topic": ..., "payload": ...}};
 * an HTTP request to {@code /{topic}} takes the oldest payload of that topic not yet taken (200),
 * or answers 404 when there is none and 405 for a topic the spec does not declare. Records live in
 * memory only.
 *
 * @param bindAddress the interface the server listens on; loopback unless the module says otherwise
 *     (StateFun's playground listens on every interface of its container)
 * @param port the TCP port
 * @param topics the topics records may be sent to and read from
 */
public record PlaygroundEgressSpec(String bindAddress, int port, List<String> topics)
        implements EgressSpec {

    public static final String KIND = "io.statefun.playground.v1/egress";

    /** The one id of a playground egress, as StateFun's playground names it. */
    public static final TypeName ID = TypeName.parse("io.statefun.playground/egress");

    /** The type of the values functions send to it. */
    public static final String RECORD_TYPE = "io.statefun.playground/EgressRecord";

    public PlaygroundEgressSpec {
        topics = List.copyOf(topics);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public TypeName id() {
        return ID;
    }
}
