package dev.ferry.examples.fraud;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.examples.fraud.types.JsonType;
import dev.ferry.examples.fraud.types.MerchantScore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The merchant-trust service's HTTP contract on loopback ({@code GET /merchants/{merchant}} →
 * {@code {"merchant": ..., "trust": ...}}), so the functions are tested without the example's
 * Vert.x service, which lives in another module.
 */
final class TrustServiceStub implements AutoCloseable {
    private static final String PREFIX = "/merchants/";

    private final HttpServer server;
    private final AtomicLong requests = new AtomicLong();

    TrustServiceStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext(
                PREFIX,
                exchange -> {
                    String merchant =
                            URLDecoder.decode(
                                    exchange.getRequestURI().getPath().substring(PREFIX.length()),
                                    StandardCharsets.UTF_8);
                    requests.incrementAndGet();
                    byte[] body = JsonType.toJson(new MerchantScore(merchant, trustOf(merchant)));
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
    }

    /** The trust the stub gives {@code merchant}: a fixed function of its name. */
    static double trustOf(String merchant) {
        return (Math.floorMod(merchant.hashCode(), 100)) / 100.0;
    }

    /** The base URL functions are given, ending in {@code /}. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
