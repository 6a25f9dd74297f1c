package dev.ferry.runtime.core.io.playground;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Vert.x HTTP server on one address and port with its own single event loop, so that closing it
 * releases everything it started (a restarted task binds the same port again).
 */
final class HttpListener implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 10;

    private final Vertx vertx;
    private final HttpServer server;

    private HttpListener(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /**
     * Listens on {@code bindAddress:port}, serving each request with {@code handler} on the event
     * loop (which must not block).
     *
     * @param what names the server in the error when the port cannot be bound
     */
    static HttpListener start(
            String what, String bindAddress, int port, Handler<HttpServerRequest> handler)
            throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpServer server =
                vertx.createHttpServer(new HttpServerOptions().setHost(bindAddress).setPort(port))
                        .requestHandler(handler);
        try {
            server.listen()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException(
                    what
                            + " cannot listen on "
                            + bindAddress
                            + ":"
                            + port
                            + " ("
                            + cause
                            + "); free the port or choose another one in the module",
                    cause);
        }
        return new HttpListener(vertx, server);
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() throws Exception {
        vertx.close()
                .toCompletionStage()
                .toCompletableFuture()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
