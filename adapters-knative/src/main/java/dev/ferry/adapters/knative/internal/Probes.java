package dev.ferry.adapters.knative.internal;

import dev.ferry.protocol.adapter.ProtocolAnswer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The kubelet's probes: readiness 200 until a drain starts, then 503; liveness 200 while the server
 * runs. Open without a token, so that a guarded server still reports its health.
 */
final class Probes {
    private Probes() {}

    static void answer(HttpServerRequest request, boolean readiness, boolean draining) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            Responses.write(request, ProtocolAnswer.text(405, "probe endpoints answer GET"));
        } else if (readiness && draining) {
            Responses.write(request, ProtocolAnswer.text(503, "draining"));
        } else {
            Responses.write(request, ProtocolAnswer.text(200, readiness ? "ready" : "ok"));
        }
    }
}
