package dev.ferry.adapters.knative.internal;

import dev.ferry.protocol.adapter.ProtocolAnswer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/** Writes a {@link ProtocolAnswer} as a Vert.x response. */
final class Responses {
    private Responses() {}

    /**
     * Asks an HTTP/1.x client to drop the connection after this response (after a refusal whose
     * body is not read, or while draining). HTTP/2 forbids the header; there the server's shutdown
     * sends GOAWAY instead.
     */
    static void closeAfterwards(HttpServerRequest request, boolean close) {
        if (close && request.version() != HttpVersion.HTTP_2) {
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
    }

    static void write(HttpServerRequest request, ProtocolAnswer answer) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return; // the client went away
        }
        answer.headers().forEach(response::putHeader);
        response.setStatusCode(answer.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType())
                .end(Buffer.buffer(answer.body()));
    }
}
