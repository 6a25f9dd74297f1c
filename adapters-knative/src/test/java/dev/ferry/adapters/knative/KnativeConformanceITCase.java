package dev.ferry.adapters.knative;

import dev.ferry.adapters.knative.HttpTestClient.Response;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.conformance.AdapterConformanceSuite;
import dev.ferry.protocol.conformance.AdapterReply;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.Map;

/** The adapter conformance suite against the server in this JVM, on a free loopback port. */
class KnativeConformanceITCase extends AdapterConformanceSuite {
    private KnativeFunctionServer server;
    private HttpTestClient client;

    @Override
    protected void startAdapter(RemoteHandler functions, long maxRequestBytes) throws Exception {
        server =
                KnativeFunctionServer.builder(functions)
                        .host("127.0.0.1")
                        .port(0)
                        .maxRequestBytes(maxRequestBytes)
                        .start();
        client = new HttpTestClient();
    }

    @Override
    protected void stopAdapter() throws Exception {
        if (server != null) {
            server.drain(Duration.ofSeconds(5));
        }
        if (client != null) {
            client.close();
        }
    }

    @Override
    protected AdapterReply post(byte[] body, Map<String, String> headers) throws Exception {
        Response response = client.send(HttpMethod.POST, server.url("/statefun"), headers, body);
        return new AdapterReply(response.status(), response.headers(), response.body());
    }

    @Override
    protected AdapterReply postChunked(byte[] body, Map<String, String> headers) throws Exception {
        Response response = client.sendChunked(server.url("/statefun"), headers, body);
        return new AdapterReply(response.status(), response.headers(), response.body());
    }
}
