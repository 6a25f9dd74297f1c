package dev.ferry.adapters.knative;

import dev.ferry.protocol.adapter.AdapterOptions;
import dev.ferry.protocol.adapter.HandlerLoader;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The container entry point: serves the functions of a class named by the first argument or by
 * {@code FERRY_FUNCTIONS}, a class with a public no-argument constructor that is a {@code
 * RemoteHandler} or a {@code Supplier} of one or of StateFun SDK {@code StatefulFunctions}.
 *
 * <p>Environment (all optional but the class): the variables every adapter reads ({@link
 * AdapterOptions}: {@code PORT}, default 8080; {@code FERRY_MAX_CONCURRENCY}, match {@code
 * containerConcurrency}, default 100, 0 = unbounded; {@code FERRY_MAX_REQUEST_BYTES}, default 32
 * MiB; {@code FERRY_AUTH_TOKEN}, a bearer token every protocol request must carry), and {@code
 * FERRY_HOST} (default 0.0.0.0), {@code FERRY_PATH} (default: any path), {@code
 * FERRY_DRAIN_TIMEOUT_SECONDS} (default 30), {@code FERRY_EVENT_LOOPS}, {@code
 * FERRY_BLOCKING_HANDLER} ({@code true} to call functions on worker threads). SIGTERM drains: new
 * requests get 503, running ones finish, then the process exits.
 */
public final class KnativeMain {
    private static final System.Logger LOG = System.getLogger(KnativeMain.class.getName());

    private KnativeMain() {}

    public static void main(String[] args) throws Exception {
        KnativeFunctionServer server;
        try {
            server = start(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("ferry knative: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    // java.util.logging is reset by its own shutdown hook,
                                    // so the drain reports on standard error directly.
                                    System.err.println(
                                            "ferry knative: stopping, draining "
                                                    + server.inFlight()
                                                    + " requests in flight");
                                    try {
                                        server.close();
                                        System.err.println(
                                                "ferry knative: stopped after "
                                                        + (server.inFlight() == 0
                                                                ? "all requests finished"
                                                                : "the drain timeout"));
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    } finally {
                                        stopped.countDown();
                                    }
                                },
                                "ferry-drain"));
        // The "ready" line tells a parent process (and a reader of the logs) the port in use.
        System.out.println("ferry knative: listening on port " + server.port());
        System.out.flush();
        stopped.await();
    }

    /** Builds and starts the server from {@code args} and {@code env} (exposed for tests). */
    static KnativeFunctionServer start(String[] args, Map<String, String> env) throws Exception {
        AdapterOptions options = AdapterOptions.fromEnvironment(env);
        String className = args.length > 0 ? args[0].trim() : options.functionsClass();
        if (className == null || className.isBlank()) {
            throw new IllegalArgumentException(
                    "name the functions class as the first argument or in FERRY_FUNCTIONS");
        }
        var handler = HandlerLoader.load(className, Thread.currentThread().getContextClassLoader());
        KnativeFunctionServer.Builder builder =
                KnativeFunctionServer.builder(handler)
                        .options(options)
                        .host(env.getOrDefault("FERRY_HOST", "0.0.0.0"));
        String path = env.get("FERRY_PATH");
        if (path != null && !path.isBlank()) {
            builder.path(path.trim());
        }
        Long drain = AdapterOptions.wholeNumber(env, "FERRY_DRAIN_TIMEOUT_SECONDS");
        if (drain != null) {
            builder.drainTimeout(Duration.ofSeconds(drain));
        }
        Long loops = AdapterOptions.wholeNumber(env, "FERRY_EVENT_LOOPS");
        if (loops != null) {
            builder.eventLoops(Math.toIntExact(loops));
        }
        builder.blockingHandler(Boolean.parseBoolean(env.get("FERRY_BLOCKING_HANDLER")));
        KnativeFunctionServer server = builder.start();
        LOG.log(Level.INFO, "functions from {0}", className);
        return server;
    }
}
