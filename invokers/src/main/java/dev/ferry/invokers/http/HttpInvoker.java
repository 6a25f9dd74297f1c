package dev.ferry.invokers.http;

import dev.ferry.invokers.InvocationFailedException;
import dev.ferry.invokers.InvocationObserver;
import dev.ferry.invokers.Invoker;
import dev.ferry.invokers.http.internal.BoundedBody;
import dev.ferry.invokers.http.internal.ReplyValidator;
import dev.ferry.invokers.http.internal.SharedVertx;
import dev.ferry.invokers.http.internal.TlsOptionsFactory;
import dev.ferry.invokers.http.internal.UrlTemplate;
import dev.ferry.invokers.internal.AddressBatchTargets;
import dev.ferry.invokers.internal.AttemptFailure;
import dev.ferry.invokers.internal.InvocationTrace;
import dev.ferry.invokers.internal.RetryingExecutor;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.protocol.wire.batch.AddressBatchReply;
import dev.ferry.protocol.wire.batch.AddressBatchRequest;
import io.netty.handler.codec.DecoderException;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Invokes functions over HTTP(S) as StateFun's async transport does: POST of the serialized {@code
 * ToFunction} to the endpoint URL, a 2xx {@code application/octet-stream} reply holding a {@code
 * FromFunction}. Asynchronous on Vert.x, pooled keep-alive connections, HTTP/2 through ALPN when a
 * TLS server offers it, gzip/deflate replies decoded, the endpoint's retry policy applied to
 * connection failures, timeouts and retryable statuses.
 */
public final class HttpInvoker implements Invoker {
    private static final String USER_AGENT = "ferry";

    private final HttpEndpointConfig config;
    private final Vertx vertx;
    private final HttpClientAgent client;
    private final RetryingExecutor<FromFunction> retrying;
    private final RetryingExecutor<AddressBatchReply> batchRetrying;
    private final Tracer tracer = InvocationTrace.tracerIfInstalled();
    private final RequestAuthorizer authorizer;

    /**
     * {@link #describeRequestLimit()}, formatted once: every reply's read passes it on, and
     * formatting it per reply cost a tenth of the runtime's allocation at a few thousand
     * invocations per second.
     */
    private final String requestLimit;

    private HttpInvoker(HttpEndpointConfig config, RequestAuthorizer authorizer) {
        this.requestLimit =
                String.format(
                        Locale.ROOT,
                        "%,d bytes (%s)",
                        config.maxRequestBytes(),
                        config.payloadLimitSetting());
        this.config = config;
        this.authorizer = authorizer;
        this.vertx = SharedVertx.acquire();
        HttpClientOptions options =
                new HttpClientOptions()
                        .setConnectTimeout(
                                (int)
                                        Math.min(
                                                Integer.MAX_VALUE,
                                                config.connectTimeout().toMillis()))
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setDecompressionSupported(true)
                        .setMaxChunkSize(64 * 1024)
                        .setKeepAliveTimeout((int) Math.max(1, config.poolTtl().toSeconds()))
                        .setProtocolVersion(HttpVersion.HTTP_1_1);
        if (config.urlPathTemplate().startsWith("https://")) {
            TlsOptionsFactory.apply(config.tls(), options);
            options.setUseAlpn(true)
                    .setProtocolVersion(HttpVersion.HTTP_2)
                    .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                    .setHttp2KeepAliveTimeout((int) Math.max(1, config.poolTtl().toSeconds()));
        }
        PoolOptions pool =
                new PoolOptions()
                        .setHttp1MaxSize(config.poolSize())
                        .setHttp2MaxSize(Math.max(1, config.poolSize() / 64))
                        .setMaxWaitQueueSize(-1);
        this.client = vertx.httpClientBuilder().with(options).with(pool).build();
        // The I/O timeouts below bound each attempt already; this outer bound (a little longer)
        // also covers an attempt stuck anywhere else.
        this.retrying =
                new RetryingExecutor<>(
                        config.urlPathTemplate(),
                        config.retry(),
                        config.attemptTimeout().plusSeconds(5),
                        config.coldStartBudget());
        this.batchRetrying =
                new RetryingExecutor<>(
                        config.urlPathTemplate(),
                        config.retry(),
                        config.attemptTimeout().plusSeconds(5),
                        config.coldStartBudget());
    }

    public static HttpInvoker create(HttpEndpointConfig config) {
        return new HttpInvoker(config, null);
    }

    /**
     * An invoker that adds {@code authorizer}'s headers to every attempt (closed with the invoker).
     */
    public static HttpInvoker create(HttpEndpointConfig config, RequestAuthorizer authorizer) {
        return new HttpInvoker(config, Objects.requireNonNull(authorizer, "authorizer"));
    }

    @Override
    public CompletableFuture<FromFunction> invoke(ToFunction request) {
        FunctionAddress target = FunctionAddress.fromProto(request.getInvocation().getTarget());
        return send(
                retrying,
                ReplyValidator.FROM_FUNCTION,
                target,
                "for " + target,
                request.toByteArray(),
                request.getInvocation().getInvocationsCount());
    }

    @Override
    public String targetOf(TypeName type) {
        return UrlTemplate.expand(config.urlPathTemplate(), type.name());
    }

    @Override
    public CompletableFuture<AddressBatchReply> invokeAddressBatch(
            TypeName type, AddressBatchRequest request, int messages) {
        // Traced under the first address: a span has one target.
        FunctionAddress first;
        try {
            first = AddressBatchTargets.first(request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(
                batchRetrying,
                ReplyValidator.ADDRESS_BATCH,
                first,
                "for " + request.getRequestsCount() + " addresses of " + type,
                request.toByteArray(),
                messages);
    }

    private <T extends com.google.protobuf.MessageLite> CompletableFuture<T> send(
            RetryingExecutor<T> retrying,
            ReplyValidator.Expected<T> expected,
            FunctionAddress target,
            String forWhom,
            byte[] body,
            int messages) {
        String url = UrlTemplate.expand(config.urlPathTemplate(), target.type().name());
        if (body.length > config.maxRequestBytes()) {
            return CompletableFuture.failedFuture(
                    new InvocationFailedException(
                            url,
                            0,
                            false,
                            "request "
                                    + forWhom
                                    + " is "
                                    + body.length
                                    + " bytes, over the endpoint's limit of "
                                    + describeRequestLimit(),
                            null));
        }
        String where = url + " (" + forWhom + ")";
        Buffer buffer = Buffer.buffer(body);
        InvocationTrace trace = InvocationTrace.start(tracer, url, target, messages, body.length);
        if (authorizer == null) {
            return trace.record(
                    retrying.execute(
                            left -> {
                                InvocationTrace.Attempt span = trace.attempt();
                                return span.record(
                                        attempt(
                                                url, where, target, buffer, left, null, span,
                                                expected));
                            }));
        }
        return trace.record(
                retrying.execute(
                        left -> {
                            InvocationTrace.Attempt span = trace.attempt();
                            return span.record(
                                    authorizer
                                            .headers(url)
                                            .thenCompose(
                                                    extra ->
                                                            attempt(
                                                                    url, where, target, buffer,
                                                                    left, extra, span, expected)));
                        }));
    }

    private <T extends com.google.protobuf.MessageLite> CompletionStage<T> attempt(
            String url,
            String where,
            FunctionAddress target,
            Buffer body,
            Duration left,
            Map<String, String> extraHeaders,
            InvocationTrace.Attempt span,
            ReplyValidator.Expected<T> expected) {
        long attemptMillis =
                Math.max(1, Math.min(left.toMillis(), config.attemptTimeout().toMillis()));
        RequestOptions options =
                new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setAbsoluteURI(url)
                        // Bounds the wait for a pooled connection as well as the silence on it:
                        // an attempt stuck in either is retried rather than left to the deadline.
                        .setConnectTimeout(attemptMillis)
                        .setIdleTimeout(attemptMillis)
                        .setHeaders(headers(target, extraHeaders, span, expected.mediaType()));
        // The response handler is in place before the request goes out, and the body is read in
        // that handler: with a chain of composed futures, the body of a reply could be consumed
        // before anyone asked for it, and the attempt then waited for nothing.
        Promise<T> promise = Promise.promise();
        client.request(options)
                .onComplete(
                        created -> {
                            if (created.failed()) {
                                promise.tryFail(created.cause());
                                return;
                            }
                            HttpClientRequest request = created.result();
                            request.response()
                                    .onComplete(
                                            answered -> {
                                                if (answered.failed()) {
                                                    promise.tryFail(
                                                            malformed(where, answered.cause()));
                                                } else {
                                                    read(
                                                            url,
                                                            where,
                                                            answered.result(),
                                                            promise,
                                                            span,
                                                            expected);
                                                }
                                            });
                            request.end(body).onFailure(promise::tryFail);
                        });
        Future<T> reply = promise.future();
        return reply.toCompletionStage()
                .exceptionallyCompose(
                        failure -> {
                            Throwable cause =
                                    failure instanceof java.util.concurrent.CompletionException
                                                    && failure.getCause() != null
                                            ? failure.getCause()
                                            : failure;
                            if (cause instanceof AttemptFailure) {
                                return CompletableFuture.failedFuture(cause);
                            }
                            // Connection refused, reset, timeout: all worth another attempt.
                            return CompletableFuture.failedFuture(
                                    new AttemptFailure(where + ": " + cause, true, null, cause));
                        });
    }

    private <T> void read(
            String url,
            String where,
            HttpClientResponse response,
            Promise<T> promise,
            InvocationTrace.Attempt span,
            ReplyValidator.Expected<T> expected) {
        span.status(response.statusCode());
        BoundedBody.read(response, config.maxRequestBytes(), where, requestLimit)
                .onComplete(
                        received -> {
                            if (received.failed()) {
                                promise.tryFail(malformed(where, received.cause()));
                                return;
                            }
                            try {
                                promise.tryComplete(
                                        ReplyValidator.validate(
                                                where,
                                                response.statusCode(),
                                                response.getHeader(HttpHeaders.CONTENT_TYPE),
                                                response.getHeader("Retry-After"),
                                                received.result().getBytes(),
                                                config.retry(),
                                                expected));
                            } catch (AttemptFailure failure) {
                                promise.tryFail(refused(url, response.statusCode(), failure));
                            }
                        });
    }

    /**
     * A reply the HTTP decoder refused (a Content-Length that is no number, a broken chunk) fails
     * the attempt for good: the function would answer the same way again, and retrying it would
     * only hide the cause until the deadline.
     */
    private static Throwable malformed(String where, Throwable cause) {
        if (cause instanceof IllegalArgumentException || cause instanceof DecoderException) {
            return new AttemptFailure(
                    where + " answered a malformed HTTP reply: " + cause.getMessage(),
                    false,
                    null,
                    cause);
        }
        return cause;
    }

    /** A 401 or 403 says which credentials were refused. */
    private AttemptFailure refused(String url, int status, AttemptFailure failure) {
        if (authorizer == null || (status != 401 && status != 403)) {
            return failure;
        }
        return new AttemptFailure(
                failure.getMessage() + " (" + authorizer.refused(url, status) + ")",
                failure.retryable(),
                failure.retryAfter(),
                null);
    }

    private MultiMap headers(
            FunctionAddress target,
            Map<String, String> extra,
            InvocationTrace.Attempt span,
            String mediaType) {
        MultiMap headers =
                MultiMap.caseInsensitiveMultiMap()
                        .add(HttpHeaders.CONTENT_TYPE, mediaType)
                        .add(HttpHeaders.ACCEPT, mediaType)
                        .add(HttpHeaders.ACCEPT_ENCODING, "gzip, deflate")
                        .add(HttpHeaders.USER_AGENT, USER_AGENT);
        if (config.hostHeaderTemplate() != null) {
            headers.add(
                    HttpHeaders.HOST,
                    UrlTemplate.expand(config.hostHeaderTemplate(), target.type().name()));
        }
        if (extra != null) {
            extra.forEach(headers::set);
        }
        span.inject(headers::set);
        return headers;
    }

    @Override
    public long maxRequestBytes() {
        return config.maxRequestBytes();
    }

    @Override
    public void observe(InvocationObserver observer) {
        retrying.observe(observer);
        batchRetrying.observe(observer);
    }

    @Override
    public String describeRequestLimit() {
        return requestLimit;
    }

    @Override
    public void close() {
        retrying.close();
        batchRetrying.close();
        client.close();
        SharedVertx.release();
        if (authorizer != null) {
            authorizer.close();
        }
    }
}
