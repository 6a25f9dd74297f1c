package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;
import java.time.Duration;
import java.util.List;

/**
 * {@code ferry.io.v1/http}: an HTTP ingress that answers {@code 202 Accepted} only once the
 * checkpoint holding the message has completed. A request to {@code /<namespace>/<type>/<id>} sends
 * its body to that function; a request to {@code /<route path>/<id>} sends it, typed by the route,
 * to every target of the route.
 *
 * @param bindAddress the address the server listens on (loopback by default)
 * @param port the TCP port
 * @param maxBodySize the largest request body accepted, in bytes
 * @param token the bearer token every request must carry, or null for none
 * @param routes the route paths (an {@link IngressRoute}'s source is the first path segment)
 * @param idempotencyWindow how long a durable {@code Idempotency-Key} is remembered
 * @param maxPendingRequests requests accepted but not yet durable before new ones get 503
 */
public record HttpIngressSpec(
        TypeName id,
        String bindAddress,
        int port,
        long maxBodySize,
        String token,
        List<IngressRoute> routes,
        Duration idempotencyWindow,
        int maxPendingRequests)
        implements IngressSpec {

    public static final String KIND = "ferry.io.v1/http";
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final long DEFAULT_MAX_BODY_SIZE = 1024 * 1024;
    public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_PENDING_REQUESTS = 10_000;

    public HttpIngressSpec {
        routes = List.copyOf(routes);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The token stays out of logs and error messages. */
    @Override
    public String toString() {
        return "HttpIngressSpec[id=%s, bindAddress=%s, port=%d, maxBodySize=%d, token=%s, routes=%s, idempotencyWindow=%s, maxPendingRequests=%d]"
                .formatted(
                        id,
                        bindAddress,
                        port,
                        maxBodySize,
                        token == null ? "none" : "(set)",
                        routes,
                        idempotencyWindow,
                        maxPendingRequests);
    }
}
