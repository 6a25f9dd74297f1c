package dev.ferry.protocol.conformance;

import dev.ferry.protocol.RemoteHandler;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the suite against the smallest correct adapter, in process: it checks the content type and
 * size, calls the handler and maps a failure to 500. Keeps the suite itself honest without HTTP.
 */
class ReferenceAdapterConformanceTest extends AdapterConformanceSuite {
    private RemoteHandler handler;
    private long limit;

    @Override
    protected void startAdapter(RemoteHandler functions, long maxRequestBytes) {
        this.handler = functions;
        this.limit = maxRequestBytes;
    }

    @Override
    protected void stopAdapter() {}

    @Override
    protected AdapterReply post(byte[] body, Map<String, String> headers) throws Exception {
        String type =
                headers.entrySet().stream()
                        .filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                        .map(Map.Entry::getValue)
                        .findFirst()
                        .orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/octet-stream")) {
            return text(415, "wrong content type");
        }
        if (body.length > limit) {
            return text(413, "too large");
        }
        try {
            byte[] reply = handler.handle(body).get(10, TimeUnit.SECONDS);
            return new AdapterReply(200, Map.of("content-type", "application/octet-stream"), reply);
        } catch (ExecutionException e) {
            return text(500, String.valueOf(e.getCause()));
        }
    }

    private static AdapterReply text(int status, String message) {
        return new AdapterReply(
                status,
                Map.of("content-type", "text/plain"),
                message.getBytes(StandardCharsets.UTF_8));
    }
}
