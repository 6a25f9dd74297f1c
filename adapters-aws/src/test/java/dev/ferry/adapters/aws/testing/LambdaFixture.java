package dev.ferry.adapters.aws.testing;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for the Lambda service, for one function: it serves the Invoke API that the
 * SDK's {@code LambdaAsyncClient} calls ({@code POST /2015-03-31/functions/{name}/invocations})
 * and, behind it, the Runtime API that the real runtime interface client polls ({@code
 * /2018-06-01/runtime/...}). Every runtime process started against it is one execution environment;
 * invocations queue until one is free, as in Lambda.
 *
 * <p>It reproduces what the invoker depends on: only JSON payloads (400 {@code
 * InvalidRequestContentException}), the 6 MB limit (413 {@code RequestTooLargeException}),
 * throttling (429 {@code TooManyRequestsException} with {@code Retry-After}, injected), function
 * errors as 200 with {@code X-Amz-Function-Error: Unhandled} and the error document, and the
 * function timeout ({@code Sandbox.Timedout}).
 */
public final class LambdaFixture implements AutoCloseable {
    static {
        // Without it every exchange waits for Nagle's algorithm (about 44 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public static final long PAYLOAD_LIMIT = 6L * 1024 * 1024;
    private static final String INVOKE_PREFIX = "/2015-03-31/functions/";
    private static final String RUNTIME_PREFIX = "/2018-06-01/runtime/";

    /** One Invoke API call as the fixture received it. */
    public record Invocation(String functionName, String qualifier, int payloadBytes) {}

    private record Pending(
            String id, byte[] payload, CompletableFuture<Outcome> outcome, long[] delivered) {}

    private record Outcome(boolean error, byte[] payload) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(daemon());
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> running = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final List<String> initErrors = new CopyOnWriteArrayList<>();
    private final List<Duration> functionTimes = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttles = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile int retryAfterSeconds;
    private volatile Duration functionTimeout = Duration.ofSeconds(60);
    private volatile String onlyFunction;

    public LambdaFixture() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext(INVOKE_PREFIX, this::invoke);
        server.createContext(RUNTIME_PREFIX, this::runtime);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}: the SDK's endpoint override. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** {@code 127.0.0.1:PORT}: the runtime processes' {@code AWS_LAMBDA_RUNTIME_API}. */
    public String runtimeApi() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The next {@code count} Invoke calls are throttled with {@code Retry-After: seconds}. */
    public void throttleNext(int count, int seconds) {
        retryAfterSeconds = seconds;
        throttles.set(count);
    }

    /**
     * The next {@code count} invocations end in a function error without reaching the function, as
     * when an execution environment crashes ({@code Runtime.ExitError}).
     */
    public void failNext(int count) {
        failures.set(count);
    }

    /** Injected throttles not yet served. */
    public int throttlesLeft() {
        return throttles.get();
    }

    /** Injected function errors not yet served. */
    public int failuresLeft() {
        return failures.get();
    }

    /**
     * Only a function of this name exists: Invoke calls naming another are answered 404 {@code
     * ResourceNotFoundException}, as Lambda answers a wrong name. By default every name is served.
     */
    public void onlyFunction(String name) {
        onlyFunction = name;
    }

    /** How long the function may run before the fixture answers as a Lambda timeout does. */
    public void functionTimeout(Duration timeout) {
        functionTimeout = timeout;
    }

    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    /**
     * For each answered invocation, in order, the time from handing it to a runtime to its answer:
     * what the adapter and the function took inside the execution environment.
     */
    public List<Duration> functionTimes() {
        return List.copyOf(functionTimes);
    }

    public List<String> initErrors() {
        return List.copyOf(initErrors);
    }

    /** {@code /runtime/invocation/next} calls so far: an environment that polled is ready. */
    public int polls() {
        return polls.get();
    }

    /** The most Invoke calls the fixture held open at once since the last {@link #clear()}. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    public void clear() {
        maxInFlight.set(0);
        invocations.clear();
        throttles.set(0);
        failures.set(0);
    }

    // ---------------------------------------------------------------- Invoke API

    private void invoke(HttpExchange exchange) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange) {
            serveInvoke(exchange);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void serveInvoke(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/invocations")) {
            error(exchange, 404, "ResourceNotFoundException", "no route " + path);
            return;
        }
        String name =
                URLDecoder.decode(
                        path.substring(
                                INVOKE_PREFIX.length(), path.length() - "/invocations".length()),
                        StandardCharsets.UTF_8);
        String qualifier = query(exchange.getRequestURI().getRawQuery(), "Qualifier");
        byte[] payload = exchange.getRequestBody().readAllBytes();
        invocations.add(new Invocation(name, qualifier, payload.length));
        String only = onlyFunction;
        if (only != null && !only.equals(name)) {
            error(
                    exchange,
                    404,
                    "ResourceNotFoundException",
                    "Function not found: arn:aws:lambda:us-east-1:000000000000:function:"
                            + name
                            + (qualifier == null ? "" : ":" + qualifier));
            return;
        }
        String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
        if (type != null && !"RequestResponse".equals(type)) {
            error(exchange, 400, "InvalidParameterValueException", "only RequestResponse");
            return;
        }
        if (payload.length > PAYLOAD_LIMIT) {
            error(
                    exchange,
                    413,
                    "RequestTooLargeException",
                    "Request must be smaller than "
                            + PAYLOAD_LIMIT
                            + " bytes for the InvokeFunction operation");
            return;
        }
        if (!isJson(payload)) {
            error(
                    exchange,
                    400,
                    "InvalidRequestContentException",
                    "Could not parse request body into json");
            return;
        }
        if (throttles.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
            error(exchange, 429, "TooManyRequestsException", "Rate Exceeded.");
            return;
        }
        if (failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
            send(
                    exchange,
                    200,
                    ("{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"RequestId:"
                                    + " injected Error: Runtime exited with error: signal:"
                                    + " killed\"}")
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        Pending pending =
                new Pending(
                        UUID.randomUUID().toString(),
                        payload,
                        new CompletableFuture<>(),
                        new long[1]);
        queue.add(pending);
        Outcome outcome;
        try {
            outcome = pending.outcome().get(functionTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            queue.remove(pending);
            outcome =
                    new Outcome(
                            true,
                            ("{\"errorType\":\"Sandbox.Timedout\",\"errorMessage\":\"Task"
                                            + " timed out after "
                                            + functionTimeout.toMillis() / 1000.0
                                            + " seconds\"}")
                                    .getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException | ExecutionException e) {
            error(exchange, 500, "ServiceException", e.toString());
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
        exchange.getResponseHeaders().add("x-amzn-RequestId", pending.id());
        if (outcome.error()) {
            exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
        }
        send(exchange, 200, outcome.payload());
    }

    private static boolean isJson(byte[] payload) {
        try {
            JsonParser.parseString(new String(payload, StandardCharsets.UTF_8));
            return true;
        } catch (JsonParseException e) {
            return false;
        }
    }

    private static void error(HttpExchange exchange, int status, String type, String message)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        String body =
                "{\"Type\":\"User\",\"message\":\""
                        + message.replace("\"", "'")
                        + "\",\"__type\":\""
                        + type
                        + "\"}";
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String query(String rawQuery, String key) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(key)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- Runtime API

    private void runtime(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(RUNTIME_PREFIX.length());
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            if ("GET".equals(method) && path.equals("invocation/next")) {
                next(exchange);
            } else if ("POST".equals(method) && path.startsWith("invocation/")) {
                String[] parts = path.split("/");
                byte[] body = exchange.getRequestBody().readAllBytes();
                Pending pending = parts.length == 3 ? running.remove(parts[1]) : null;
                if (pending == null) {
                    send(exchange, 404, "{\"errorType\":\"InvalidRequestID\"}".getBytes());
                    return;
                }
                functionTimes.add(Duration.ofNanos(System.nanoTime() - pending.delivered()[0]));
                pending.outcome().complete(new Outcome("error".equals(parts[2]), body));
                send(exchange, 202, "{\"status\":\"OK\"}".getBytes());
            } else if ("POST".equals(method) && path.equals("init/error")) {
                initErrors.add(
                        new String(
                                exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                send(exchange, 202, "{\"status\":\"OK\"}".getBytes());
            } else {
                send(exchange, 404, new byte[0]);
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        polls.incrementAndGet();
        Pending pending;
        try {
            pending = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        running.put(pending.id(), pending);
        pending.delivered()[0] = System.nanoTime();
        long deadline = System.currentTimeMillis() + functionTimeout.toMillis();
        var headers = exchange.getResponseHeaders();
        headers.add("Content-Type", "application/json");
        headers.add("Lambda-Runtime-Aws-Request-Id", pending.id());
        headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        headers.add(
                "Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:123456789012:function:ferry-test");
        headers.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
        send(exchange, 200, pending.payload());
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "lambda-fixture-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
