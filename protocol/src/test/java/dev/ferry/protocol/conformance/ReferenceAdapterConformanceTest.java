package dev.ferry.protocol.conformance;

import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.adapter.ProtocolAnswer;
import dev.ferry.protocol.adapter.ProtocolExchange;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the suite against the adapter core in process, without HTTP: {@link ProtocolExchange#serve}
 * with the headers as given. Keeps the suite and the core honest before any platform is involved.
 */
class ReferenceAdapterConformanceTest extends AdapterConformanceSuite {
    private ProtocolExchange exchange;

    @Override
    protected void startAdapter(RemoteHandler functions, long maxRequestBytes) {
        exchange = new ProtocolExchange(functions, maxRequestBytes, null);
    }

    @Override
    protected void stopAdapter() {}

    @Override
    protected AdapterReply post(byte[] body, Map<String, String> headers) throws Exception {
        Map<String, String> lowerCase = new HashMap<>();
        headers.forEach((name, value) -> lowerCase.put(name.toLowerCase(Locale.ROOT), value));
        lowerCase.putIfAbsent("content-length", Integer.toString(body.length));
        return serve(body, lowerCase);
    }

    @Override
    protected AdapterReply postChunked(byte[] body, Map<String, String> headers) throws Exception {
        Map<String, String> lowerCase = new HashMap<>();
        headers.forEach((name, value) -> lowerCase.put(name.toLowerCase(Locale.ROOT), value));
        return serve(body, lowerCase);
    }

    private AdapterReply serve(byte[] body, Map<String, String> headers) throws Exception {
        ProtocolAnswer answer =
                exchange.serve("POST", headers::get, () -> new ByteArrayInputStream(body));
        Map<String, String> replyHeaders = new HashMap<>(answer.headers());
        replyHeaders.put("content-type", answer.contentType());
        return new AdapterReply(answer.status(), replyHeaders, answer.body());
    }
}
