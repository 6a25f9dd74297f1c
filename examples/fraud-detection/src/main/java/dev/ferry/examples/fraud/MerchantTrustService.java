package dev.ferry.examples.fraud;

import dev.ferry.examples.fraud.types.JsonType;
import dev.ferry.examples.fraud.types.MerchantScore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the third-party merchant-trust service the example calls: {@code GET
 * /merchants/{merchant}} answers {@code {"merchant": ..., "trust": ...}} from {@link
 * MerchantTrust}. Run it alone with {@code main PORT}.
 */
public final class MerchantTrustService implements AutoCloseable {
    private static final String PREFIX = "/merchants/";

    private final Vertx vertx;
    private final HttpServer server;
    private final AtomicLong requests;

    private MerchantTrustService(Vertx vertx, HttpServer server, AtomicLong requests) {
        this.vertx = vertx;
        this.server = server;
        this.requests = requests;
    }

    /** Starts the service on {@code host:port}; port 0 picks a free one. */
    public static MerchantTrustService start(String host, int port) throws Exception {
        Vertx vertx = Vertx.vertx();
        AtomicLong counter = new AtomicLong();
        HttpServer server =
                vertx.createHttpServer()
                        .requestHandler(
                                request -> {
                                    String path = request.path();
                                    if (request.method() != HttpMethod.GET
                                            || !path.startsWith(PREFIX)
                                            || path.length() == PREFIX.length()) {
                                        request.response().setStatusCode(404).end();
                                        return;
                                    }
                                    counter.incrementAndGet();
                                    String merchant =
                                            URLDecoder.decode(
                                                    path.substring(PREFIX.length()),
                                                    StandardCharsets.UTF_8);
                                    byte[] body =
                                            JsonType.toJson(
                                                    new MerchantScore(
                                                            merchant, MerchantTrust.of(merchant)));
                                    request.response()
                                            .putHeader("Content-Type", "application/json")
                                            .end(Buffer.buffer(body));
                                })
                        .listen(port, host)
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        return new MerchantTrustService(vertx, server, counter);
    }

    public int port() {
        return server.actualPort();
    }

    /** The base URL functions are given, ending in {@code /}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /** Requests answered so far: with the score cache, about one per merchant. */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        MerchantTrustService service = start("0.0.0.0", port);
        System.out.println("merchant-trust service on port " + service.port());
    }
}
