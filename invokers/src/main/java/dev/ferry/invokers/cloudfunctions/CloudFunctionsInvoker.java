package dev.ferry.invokers.cloudfunctions;

import dev.ferry.invokers.InvocationObserver;
import dev.ferry.invokers.Invoker;
import dev.ferry.invokers.cloudfunctions.internal.IdTokenAuthorizer;
import dev.ferry.invokers.http.HttpInvoker;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.protocol.wire.batch.AddressBatchReply;
import dev.ferry.protocol.wire.batch.AddressBatchRequest;
import java.util.concurrent.CompletableFuture;

/**
 * Invokes functions deployed to Google Cloud Functions (gen2) over HTTPS: the HTTP invoker's POST
 * of the {@code ToFunction} bytes, with {@code Authorization: Bearer <ID token>} whose audience is
 * the function's URL (or the configured audience).
 *
 * <p>Tokens come from google-auth-library, are cached per audience and refreshed before they expire
 * on a thread of their own, never on an I/O thread. Retries follow the endpoint's retry policy:
 * Cloud Functions answers 429 when an instance's queue is full and 500 or 503 ("no available
 * instance") while it scales out, all retried with backoff and jitter; 401 and 403 are not retried,
 * and their error names the identity and the audience used.
 */
public final class CloudFunctionsInvoker implements Invoker {
    private final IdTokenAuthorizer tokens;
    private final HttpInvoker http;

    private CloudFunctionsInvoker(CloudFunctionsEndpointConfig config) {
        this.tokens =
                new IdTokenAuthorizer(
                        config.credentials(), config.audience(), config.refreshMargin());
        this.http = HttpInvoker.create(config.http(), tokens);
    }

    public static CloudFunctionsInvoker create(CloudFunctionsEndpointConfig config) {
        return new CloudFunctionsInvoker(config);
    }

    @Override
    public CompletableFuture<FromFunction> invoke(ToFunction request) {
        return http.invoke(request);
    }

    @Override
    public String targetOf(TypeName type) {
        return http.targetOf(type);
    }

    @Override
    public CompletableFuture<AddressBatchReply> invokeAddressBatch(
            TypeName type, AddressBatchRequest request, int messages) {
        return http.invokeAddressBatch(type, request, messages);
    }

    @Override
    public long maxRequestBytes() {
        return http.maxRequestBytes();
    }

    @Override
    public void observe(InvocationObserver observer) {
        tokens.observe(observer);
        http.observe(observer);
    }

    @Override
    public String describeRequestLimit() {
        return http.describeRequestLimit();
    }

    @Override
    public void close() {
        http.close();
    }
}
