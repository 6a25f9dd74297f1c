package dev.ferry.adapters.knative.internal;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One HTTP server per event loop on one shared port; Vert.x spreads connections over them.
 * Instances given port 0 would each bind their own port, so a free one is chosen first.
 */
public final class Listeners {
    private final List<HttpServer> servers = new ArrayList<>();

    /**
     * Listens on {@code port} (0: a free one) with {@code eventLoops} servers, each built with the
     * options {@code options} gives for a port.
     */
    public static Listeners listen(
            Vertx vertx,
            String host,
            int port,
            int eventLoops,
            IntFunction<HttpServerOptions> options,
            Handler<HttpServerRequest> requests)
            throws Exception {
        Listeners listeners = new Listeners();
        for (int attempt = 1; ; attempt++) {
            int wanted = port == 0 && eventLoops > 1 ? ServerStartup.freePort(host) : port;
            HttpServerOptions serverOptions = options.apply(wanted);
            try {
                ServerStartup.await(
                        vertx.deployVerticle(
                                () -> listeners.new Listening(serverOptions, requests),
                                new DeploymentOptions().setInstances(eventLoops)),
                        Duration.ofSeconds(30));
                return listeners;
            } catch (BindException e) {
                // The free port was taken in between: try another one.
                synchronized (listeners.servers) {
                    listeners.servers.clear();
                }
                if (port != 0 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** The port listened on. */
    public int port() {
        synchronized (servers) {
            return servers.get(0).actualPort();
        }
    }

    public List<HttpServer> servers() {
        synchronized (servers) {
            return List.copyOf(servers);
        }
    }

    /** Listens with one HTTP server on the event loop it is deployed on. */
    private final class Listening extends VerticleBase {
        private final HttpServerOptions options;
        private final Handler<HttpServerRequest> requests;

        Listening(HttpServerOptions options, Handler<HttpServerRequest> requests) {
            this.options = options;
            this.requests = requests;
        }

        @Override
        public Future<?> start() {
            HttpServer server = vertx.createHttpServer(options).requestHandler(requests);
            synchronized (servers) {
                servers.add(server);
            }
            return server.listen();
        }
    }
}
