package dev.ferry.protocol.adapter;

import dev.ferry.protocol.PayloadLimits;
import dev.ferry.protocol.RemoteHandler;
import java.util.Map;
import java.util.Optional;

/**
 * The settings every adapter reads from its environment, read in one place: {@value #FUNCTIONS}
 * (the functions class, see {@link HandlerLoader}), {@value #MAX_REQUEST_BYTES} (the request size
 * limit), {@value #MAX_CONCURRENCY} (function calls at once, for servers), {@value #PORT} (for
 * servers) and {@value #AUTH_TOKEN} (a bearer token every request must carry).
 *
 * @param functionsClass the class named by {@value #FUNCTIONS}, or null when unset
 * @param maxRequestBytes the largest request body accepted
 * @param maxConcurrency the most function calls at once; 0 is unbounded
 * @param port the port a server listens on; 0 picks a free one
 * @param authToken the bearer token requests must carry, if any
 */
public record AdapterOptions(
        String functionsClass,
        long maxRequestBytes,
        int maxConcurrency,
        int port,
        Optional<String> authToken) {

    public static final String FUNCTIONS = "FERRY_FUNCTIONS";
    public static final String MAX_REQUEST_BYTES = "FERRY_MAX_REQUEST_BYTES";
    public static final String MAX_CONCURRENCY = "FERRY_MAX_CONCURRENCY";
    public static final String PORT = "PORT";
    public static final String AUTH_TOKEN = "FERRY_AUTH_TOKEN";

    /** The largest body a Java array holds with room to spare. */
    public static final long MAX_BODY_BYTES = Integer.MAX_VALUE - 64;

    /**
     * Function calls at once when {@value #MAX_CONCURRENCY} is not set: Knative's default
     * concurrency target per instance, so a server exposed to a cluster is bounded by default.
     */
    public static final int DEFAULT_MAX_CONCURRENCY = 100;

    /** The port when {@value #PORT} is not set (Knative's and Cloud Run's default). */
    public static final int DEFAULT_PORT = 8080;

    public AdapterOptions {
        checkMaxRequestBytes(maxRequestBytes);
        if (maxConcurrency < 0) {
            throw new IllegalArgumentException(
                    MAX_CONCURRENCY + " must be 0 (unbounded) or more: " + maxConcurrency);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT + " must be 0..65535: " + port);
        }
        authToken = authToken.filter(token -> !token.isBlank());
    }

    /**
     * The options of {@code env}, with {@link PayloadLimits#HTTP_MAX_PAYLOAD_BYTES} as the size
     * limit.
     */
    public static AdapterOptions fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, PayloadLimits.HTTP_MAX_PAYLOAD_BYTES);
    }

    /**
     * The options of {@code env}, with {@code platformMaxRequestBytes} as the size limit when
     * {@value #MAX_REQUEST_BYTES} is not set (an adapter passes its platform's request limit).
     *
     * @throws IllegalArgumentException naming the variable whose value is not a valid setting
     */
    public static AdapterOptions fromEnvironment(
            Map<String, String> env, long platformMaxRequestBytes) {
        String functions = env.get(FUNCTIONS);
        Long maxRequestBytes = wholeNumber(env, MAX_REQUEST_BYTES);
        Long maxConcurrency = wholeNumber(env, MAX_CONCURRENCY);
        Long port = wholeNumber(env, PORT);
        return new AdapterOptions(
                functions == null || functions.isBlank() ? null : functions.trim(),
                maxRequestBytes == null ? platformMaxRequestBytes : maxRequestBytes,
                maxConcurrency == null
                        ? DEFAULT_MAX_CONCURRENCY
                        : toInt(MAX_CONCURRENCY, maxConcurrency),
                port == null ? DEFAULT_PORT : toInt(PORT, port),
                Optional.ofNullable(env.get(AUTH_TOKEN)));
    }

    /** Names the token's presence only, so that logging the options never logs the token. */
    @Override
    public String toString() {
        return "AdapterOptions[functionsClass="
                + functionsClass
                + ", maxRequestBytes="
                + maxRequestBytes
                + ", maxConcurrency="
                + maxConcurrency
                + ", port="
                + port
                + ", authToken="
                + (authToken.isPresent() ? "(set)" : "(none)")
                + "]";
    }

    /**
     * Loads the handler of {@value #FUNCTIONS} with {@code loader}.
     *
     * @throws IllegalArgumentException when the variable is unset or names no usable class
     */
    public RemoteHandler loadHandler(ClassLoader loader) {
        if (functionsClass == null) {
            throw new IllegalArgumentException(
                    "set "
                            + FUNCTIONS
                            + " to a class that is a RemoteHandler or a Supplier of one or of"
                            + " StatefulFunctions");
        }
        return HandlerLoader.load(functionsClass, loader);
    }

    /** Options with another size limit (for adapters given one in code). */
    public AdapterOptions withMaxRequestBytes(long maxRequestBytes) {
        return new AdapterOptions(functionsClass, maxRequestBytes, maxConcurrency, port, authToken);
    }

    /**
     * The whole number in variable {@code name}, or null when it is unset or blank.
     *
     * @throws IllegalArgumentException naming the variable and its value when it is not one
     */
    public static Long wholeNumber(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a whole number: '" + value + "'", e);
        }
    }

    static long checkMaxRequestBytes(long maxRequestBytes) {
        if (maxRequestBytes <= 0 || maxRequestBytes > MAX_BODY_BYTES) {
            throw new IllegalArgumentException(
                    MAX_REQUEST_BYTES + " must be 1.." + MAX_BODY_BYTES + ": " + maxRequestBytes);
        }
        return maxRequestBytes;
    }

    private static int toInt(String name, long value) {
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new IllegalArgumentException(name + " is out of range: " + value);
        }
        return (int) value;
    }
}
