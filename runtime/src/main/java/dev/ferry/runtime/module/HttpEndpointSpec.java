package dev.ferry.runtime.module;

import dev.ferry.invokers.http.HttpEndpointConfig;
import dev.ferry.protocol.PayloadLimits;
import java.io.Serializable;
import java.time.Duration;

/**
 * A StateFun HTTP endpoint ({@code io.statefun.endpoints.v1/http} or {@code
 * io.statefun.endpoints.v2/http}).
 *
 * @param urlPathTemplate the URL; {@code {function.name}} stands for the function's name
 */
public record HttpEndpointSpec(
        String kind,
        FunctionPattern functions,
        String urlPathTemplate,
        int maxNumBatchRequests,
        Transport transport,
        RetrySpec retry,
        AddressBatching addressBatching)
        implements EndpointSpec {

    /** Without address batching. */
    public HttpEndpointSpec(
            String kind,
            FunctionPattern functions,
            String urlPathTemplate,
            int maxNumBatchRequests,
            Transport transport,
            RetrySpec retry) {
        this(
                kind,
                functions,
                urlPathTemplate,
                maxNumBatchRequests,
                transport,
                retry,
                AddressBatching.OFF);
    }

    public static final String KIND_V1 = "io.statefun.endpoints.v1/http";
    public static final String KIND_V2 = "io.statefun.endpoints.v2/http";

    /** StateFun's two transports; both map onto Ferry's one HTTP invoker. */
    public enum TransportType {
        ASYNC("io.statefun.transports.v1/async"),
        OKHTTP("io.statefun.transports.v1/okhttp");

        private final String typeName;

        TransportType(String typeName) {
            this.typeName = typeName;
        }

        public String typeName() {
            return typeName;
        }
    }

    /**
     * Transport settings. Timeouts a transport does not have are null.
     *
     * @param call total budget of one invocation, retries included
     * @param connect TCP connect timeout
     * @param read okhttp read timeout, or null
     * @param write okhttp write timeout, or null
     * @param poolTtl how long a pooled connection lives (async), or null
     * @param poolSize connections per endpoint (async)
     * @param payloadMaxBytes largest request or response
     * @param trustCaCerts PEM file (or classpath:) of trusted CAs, or null for the JRE's
     * @param clientCert PEM client certificate for mutual TLS, or null
     * @param clientKey PKCS8 PEM client key for mutual TLS, or null
     * @param clientKeyPassword path of a file holding the client key's password, or null
     */
    public record Transport(
            TransportType type,
            Duration call,
            Duration connect,
            Duration read,
            Duration write,
            Duration poolTtl,
            int poolSize,
            long payloadMaxBytes,
            String trustCaCerts,
            String clientCert,
            String clientKey,
            String clientKeyPassword)
            implements Serializable {

        /**
         * Connections per endpoint and task (StateFun: 1024); {@link
         * HttpEndpointConfig#DEFAULT_POOL_SIZE} says why.
         */
        public static final int DEFAULT_POOL_SIZE = HttpEndpointConfig.DEFAULT_POOL_SIZE;

        /** The async transport with StateFun's defaults: call 2 min, connect 20 s. */
        public static Transport asyncDefaults() {
            return async(Duration.ofMinutes(2));
        }

        /** The async transport with this call timeout and StateFun's other defaults. */
        public static Transport async(Duration call) {
            return withDefaultLimits(
                    TransportType.ASYNC,
                    call,
                    Duration.ofSeconds(20),
                    null,
                    null,
                    Duration.ofSeconds(15));
        }

        /** The okhttp transport with StateFun's defaults: call 1 min, connect/read/write 10 s. */
        public static Transport okHttpDefaults() {
            return okHttp(
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(10));
        }

        /** The okhttp transport with these timeouts (it has no pool or TLS settings). */
        public static Transport okHttp(
                Duration call, Duration connect, Duration read, Duration write) {
            return withDefaultLimits(TransportType.OKHTTP, call, connect, read, write, null);
        }

        /**
         * A transport with these timeouts, the default pool and payload limit, and no TLS files.
         */
        private static Transport withDefaultLimits(
                TransportType type,
                Duration call,
                Duration connect,
                Duration read,
                Duration write,
                Duration poolTtl) {
            return new Transport(
                    type,
                    call,
                    connect,
                    read,
                    write,
                    poolTtl,
                    DEFAULT_POOL_SIZE,
                    PayloadLimits.HTTP_MAX_PAYLOAD_BYTES,
                    null,
                    null,
                    null,
                    null);
        }
    }
}
