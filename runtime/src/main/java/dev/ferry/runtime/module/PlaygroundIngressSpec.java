package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;

/**
 * {@code io.statefun.playground.v1/ingress}: StateFun's playground ingress. An HTTP request to
 * {@code /{namespace}/{type}/{id}} sends its body as one message to that function; the message's
 * type is the {@code Content-Type} after {@code application/vnd.}, or {@code
 * io.statefun.types/string} when the header does not start so. The request is answered when the
 * message is queued, before any checkpoint holds it: an accepted message is lost if the job fails
 * before its next checkpoint, as in StateFun's playground.
 *
 * @param bindAddress the interface the server listens on; loopback unless the module says otherwise
 *     (StateFun's playground listens on every interface of its container)
 * @param port the TCP port
 */
public record PlaygroundIngressSpec(String bindAddress, int port) implements IngressSpec {

    public static final String KIND = "io.statefun.playground.v1/ingress";

    /** The one id of a playground ingress, as StateFun's playground names it. */
    public static final TypeName ID = TypeName.parse("io.statefun.playground/ingress");

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public TypeName id() {
        return ID;
    }
}
