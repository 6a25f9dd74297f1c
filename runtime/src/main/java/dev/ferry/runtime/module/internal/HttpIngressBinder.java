package dev.ferry.runtime.module.internal;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.HttpIngressSpec;
import dev.ferry.runtime.module.IngressRoute;
import java.time.Duration;
import java.util.List;

/** {@code ferry.io.v1/http}: the HTTP ingress that acknowledges only what a checkpoint holds. */
final class HttpIngressBinder implements KindBinder {

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        TypeName id = spec.typeName("id");
        String bindAddress = spec.optString("bindAddress", HttpIngressSpec.DEFAULT_BIND_ADDRESS);
        if (!spec.has("port")) {
            spec.problem("port", "missing key 'port' in " + spec.path(), "a TCP port, 1 to 65535");
        }
        int port = spec.optInt("port", 0);
        if (spec.has("port") && (port < 1 || port > 65535)) {
            spec.problem("port", spec.path() + ".port is " + port + "", "a TCP port, 1 to 65535");
        }
        long maxBodySize = spec.optLong("maxBodySize", HttpIngressSpec.DEFAULT_MAX_BODY_SIZE);
        spec.positive("maxBodySize", maxBodySize, "a positive number of bytes");
        String token = spec.optString("token", null);
        if (token != null && token.isBlank()) {
            spec.problem(
                    "token",
                    spec.path() + ".token is empty",
                    "a bearer token, or no 'token' key for none");
        }
        List<IngressRoute> routes = IngressRoutesReader.read(spec, "routes", "path", false);
        for (IngressRoute route : routes) {
            if (route.source().isEmpty() || route.source().contains("/")) {
                spec.problem(
                        "routes",
                        spec.path() + ".routes has path '" + route.source() + "'",
                        "one URL path segment without '/', e.g. orders");
            }
        }
        Duration window =
                spec.optPositiveDuration(
                        "idempotencyWindow", HttpIngressSpec.DEFAULT_IDEMPOTENCY_WINDOW);
        int maxPending =
                spec.optInt("maxPendingRequests", HttpIngressSpec.DEFAULT_MAX_PENDING_REQUESTS);
        spec.positive("maxPendingRequests", maxPending, "a positive number of requests");
        spec.finish();
        if (id != null) {
            parts.addIngress(
                    new HttpIngressSpec(
                            id, bindAddress, port, maxBodySize, token, routes, window, maxPending),
                    spec.value("id"));
        }
    }
}
