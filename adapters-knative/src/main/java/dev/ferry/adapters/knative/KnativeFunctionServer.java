package dev.ferry.adapters.knative;

import dev.ferry.adapters.knative.internal.ConcurrencyLimit;
import dev.ferry.adapters.knative.internal.FanOutWorkers;
import dev.ferry.adapters.knative.internal.InFlightRequests;
import dev.ferry.adapters.knative.internal.Listeners;
import dev.ferry.adapters.knative.internal.ProtocolRequestHandler;
import dev.ferry.adapters.knative.internal.ServerStartup;
import dev.ferry.protocol.PayloadLimits;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.adapter.AdapterOptions;
import dev.ferry.protocol.adapter.ProtocolExchange;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server for a Knative Service container that serves the StateFun remote protocol with a
 * {@link RemoteHandler}: {@code POST} with an {@code application/octet-stream} body in, the reply
 * bytes out. HTTP/1.1 and HTTP/2 cleartext (prior knowledge and upgrade) on one port.
 *
 * <pre>{@code
 * KnativeFunctionServer server =
 *         KnativeFunctionServer.builder(StatefulFunctionsHandler.of(functions))
 *                 .host("127.0.0.1")
 *                 .port(0) // a free port; read it back with port()
 *                 .start();
 * ...
 * server.close(); // drains: in-flight requests finish, new ones get 503
 * }</pre>
 *
 * <p>Statuses, by the rules every adapter shares ({@link ProtocolExchange}): 200 with the reply;
 * 500 when the function fails (never a 200; the exception goes to the log, not into the answer);
 * 400 for a request that is not a {@code ToFunction} or a malformed {@code Content-Length}; 405 for
 * a method other than POST; 415 for a content type other than {@code application/octet-stream}
 * (none is fine); 413 above the size limit, however the body arrives; 401 without the {@link
 * Builder#authToken} when one is set; 404 off the configured path; 503 when {@link
 * Builder#maxConcurrency} requests are running already or while draining. {@code GET /ready}
 * answers 200 until a drain starts, then 503; {@code GET /healthz} answers 200 while the server
 * runs.
 */
public final class KnativeFunctionServer implements AutoCloseable {
    private static final System.Logger LOG =
            System.getLogger(KnativeFunctionServer.class.getName());

    /** Knative's default port when {@code $PORT} is not set. */
    public static final int DEFAULT_PORT = AdapterOptions.DEFAULT_PORT;

    /** Function calls at once unless set: Knative's default concurrency target. */
    public static final int DEFAULT_MAX_CONCURRENCY = AdapterOptions.DEFAULT_MAX_CONCURRENCY;

    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final Builder settings;
    private final Vertx vertx;
    private Listeners listeners;
    private final ConcurrencyLimit limit;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final FanOutWorkers fanOut;
    private volatile boolean draining;
    private boolean closed;
    private int port;

    private KnativeFunctionServer(Builder settings) {
        this.settings = settings;
        this.limit = new ConcurrencyLimit(settings.maxConcurrency);
        this.fanOut = new FanOutWorkers(settings.fanOutThreads);
        this.vertx =
                Vertx.vertx(
                        new VertxOptions()
                                .setEventLoopPoolSize(settings.eventLoops)
                                .setPreferNativeTransport(false));
    }

    public static Builder builder(RemoteHandler handler) {
        return new Builder(handler);
    }

    private void listen() throws Exception {
        ProtocolRequestHandler requests =
                new ProtocolRequestHandler(
                        new ProtocolExchange(
                                settings.handler,
                                settings.maxRequestBytes,
                                settings.authToken,
                                fanOut.executor(),
                                fanOut.count()),
                        settings.path,
                        settings.blockingHandler,
                        limit,
                        inFlight,
                        () -> draining,
                        vertx);
        listeners =
                Listeners.listen(
                        vertx,
                        settings.host,
                        settings.port,
                        settings.eventLoops,
                        port ->
                                new HttpServerOptions()
                                        .setHost(settings.host)
                                        .setPort(port)
                                        .setHttp2ClearTextEnabled(true)
                                        .setTcpNoDelay(true)
                                        .setCompressionSupported(settings.compression)
                                        .setIdleTimeout((int) settings.idleTimeout.toSeconds())
                                        .setIdleTimeoutUnit(TimeUnit.SECONDS),
                        requests);
        port = listeners.port();
    }

    /** The port the server listens on (the chosen one when it was started with port 0). */
    public int port() {
        return port;
    }

    /** The host the server listens on. */
    public String host() {
        return settings.host;
    }

    /**
     * A URL for {@code path} on this server; {@code 0.0.0.0} is given as {@code 127.0.0.1} so the
     * URL works from this machine.
     */
    public String url(String path) {
        String host = settings.host.equals("0.0.0.0") ? "127.0.0.1" : settings.host;
        return "http://" + host + ":" + port + (path.startsWith("/") ? path : "/" + path);
    }

    /** Protocol requests that have arrived and not been answered yet. */
    public int inFlight() {
        return inFlight.count();
    }

    /**
     * Protocol requests taken since the server started (refused ones not counted): an address batch
     * is one request, however many addresses it carries.
     */
    public long requestsTaken() {
        return inFlight.taken();
    }

    /** True once a drain has started. */
    public boolean draining() {
        return draining;
    }

    /**
     * Drains and stops: readiness turns 503 and new protocol requests are refused with 503 at once;
     * requests already running finish (up to {@code timeout}); then the port is closed. Returns
     * false when requests were still running at the timeout (they are cut). Calling it again does
     * nothing.
     */
    public synchronized boolean drain(Duration timeout) throws InterruptedException {
        if (closed) {
            return true;
        }
        closed = true;
        draining = true;
        LOG.log(Level.INFO, "draining: {0} requests in flight", inFlight.count());
        boolean idle = inFlight.awaitIdle(timeout.toMillis());
        if (!idle) {
            LOG.log(
                    Level.WARNING,
                    "drain timeout {0} reached with {1} requests in flight; stopping anyway",
                    timeout,
                    inFlight.count());
        }
        for (HttpServer server : listeners.servers()) {
            try {
                ServerStartup.await(server.shutdown(1, TimeUnit.SECONDS), Duration.ofSeconds(5));
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the HTTP server failed", e);
            }
        }
        try {
            ServerStartup.await(vertx.close(), Duration.ofSeconds(10));
        } catch (Exception e) {
            LOG.log(Level.WARNING, "closing Vert.x failed", e);
        }
        fanOut.close();
        LOG.log(Level.INFO, "stopped");
        return idle;
    }

    /** {@link #drain(Duration)} with the builder's drain timeout. */
    @Override
    public void close() throws InterruptedException {
        drain(settings.drainTimeout);
    }

    /** Settings of a {@link KnativeFunctionServer}; {@link #start()} builds and starts it. */
    public static final class Builder {
        private final RemoteHandler handler;
        private String host = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private String path;
        private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
        private long maxRequestBytes = PayloadLimits.HTTP_MAX_PAYLOAD_BYTES;
        private String authToken;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private Duration idleTimeout = Duration.ofSeconds(600);
        private int eventLoops =
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private int fanOutThreads = Runtime.getRuntime().availableProcessors();
        private boolean blockingHandler;
        private boolean compression;

        private Builder(RemoteHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** The address to bind: {@code 0.0.0.0} (the default, for containers) or a loopback one. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The port; default 8080 ({@link #options} applies {@code $PORT}). {@code 0} picks a free
         * port.
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Serves the protocol on this path only (others answer 404); by default on every path but
         * {@code /ready} and {@code /healthz}, so {@code /statefun} and {@code /{function}} URLs
         * both work.
         */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            this.path = path.startsWith("/") ? path : "/" + path;
            return this;
        }

        /**
         * The most function calls running at once; match the Service's {@code
         * containerConcurrency}. Default {@value #DEFAULT_MAX_CONCURRENCY}, Knative's default
         * concurrency target, so that a server reachable from a whole cluster is bounded; {@code 0}
         * is unbounded. Requests over the bound are answered 503 at once, not queued, and without
         * {@code Retry-After} (its one-second resolution is too coarse for a momentary excess): the
         * invoker backs off from 100 ms.
         */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 0) {
                throw new IllegalArgumentException(
                        "maxConcurrency must be >= 0 (0 = unbounded): " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /** Requests with a larger body are answered 413; default 32 MiB. */
        public Builder maxRequestBytes(long maxRequestBytes) {
            if (maxRequestBytes <= 0 || maxRequestBytes > AdapterOptions.MAX_BODY_BYTES) {
                throw new IllegalArgumentException(
                        "maxRequestBytes must be 1.." + AdapterOptions.MAX_BODY_BYTES);
            }
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /**
         * Requires {@code Authorization: Bearer <token>} on every protocol request (401 otherwise);
         * the probes stay open. Default none: the platform's network policy decides who may call.
         */
        public Builder authToken(String authToken) {
            Objects.requireNonNull(authToken, "authToken");
            if (authToken.isBlank()) {
                throw new IllegalArgumentException("authToken is empty");
            }
            this.authToken = authToken;
            return this;
        }

        /**
         * Applies the settings every adapter reads from its environment: port, size limit,
         * concurrency bound and token.
         */
        public Builder options(AdapterOptions options) {
            port(options.port());
            maxRequestBytes(options.maxRequestBytes());
            maxConcurrency(options.maxConcurrency());
            options.authToken().ifPresent(this::authToken);
            return this;
        }

        /** How long {@link #close()} waits for running requests; default 30 s. */
        public Builder drainTimeout(Duration drainTimeout) {
            this.drainTimeout = positive(drainTimeout, "drainTimeout");
            return this;
        }

        /** Idle keep-alive connections are closed after this; default 600 s. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = positive(idleTimeout, "idleTimeout");
            return this;
        }

        /** Event-loop threads accepting connections; default the CPU count, at most 4. */
        public Builder eventLoops(int eventLoops) {
            if (eventLoops < 1) {
                throw new IllegalArgumentException("eventLoops must be >= 1: " + eventLoops);
            }
            this.eventLoops = eventLoops;
            return this;
        }

        /**
         * Threads that run the addresses of an address batch side by side, in contiguous slices,
         * off the event loops; default the CPU count. A request of one address runs as a plain one.
         */
        public Builder fanOutThreads(int fanOutThreads) {
            if (fanOutThreads < 1) {
                throw new IllegalArgumentException("fanOutThreads must be >= 1: " + fanOutThreads);
            }
            this.fanOutThreads = fanOutThreads;
            return this;
        }

        /**
         * Calls the handler on a worker thread instead of the event loop; set it when functions
         * block (synchronous I/O, long computations). Default false: SDK functions that return
         * futures should not block.
         */
        public Builder blockingHandler(boolean blockingHandler) {
            this.blockingHandler = blockingHandler;
            return this;
        }

        /** Compresses replies for clients that accept gzip or deflate; default off. */
        public Builder compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        /** Builds the server and waits until it listens. */
        public KnativeFunctionServer start() throws Exception {
            KnativeFunctionServer server = new KnativeFunctionServer(this);
            try {
                server.listen();
            } catch (Exception e) {
                server.closed = true;
                server.vertx.close();
                server.fanOut.close();
                throw e;
            }
            LOG.log(
                    Level.INFO,
                    "serving functions on {0}:{1} (path {2}, max concurrency {3}, {4})",
                    host,
                    String.valueOf(server.port),
                    path == null ? "any" : path,
                    maxConcurrency == 0 ? "unbounded" : String.valueOf(maxConcurrency),
                    authToken == null ? "no token" : "bearer token required");
            return server;
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
