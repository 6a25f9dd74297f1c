package dev.ferry.invokers.lambda;

import com.google.protobuf.MessageLite;
import dev.ferry.invokers.InvocationFailedException;
import dev.ferry.invokers.InvocationObserver;
import dev.ferry.invokers.Invoker;
import dev.ferry.invokers.http.internal.ReplyValidator;
import dev.ferry.invokers.internal.AddressBatchTargets;
import dev.ferry.invokers.internal.AttemptFailure;
import dev.ferry.invokers.internal.InvocationTrace;
import dev.ferry.invokers.internal.RetryingExecutor;
import dev.ferry.invokers.lambda.internal.ConcurrencyLimit;
import dev.ferry.invokers.lambda.internal.CredentialsProviders;
import dev.ferry.invokers.lambda.internal.LambdaClientContext;
import dev.ferry.invokers.lambda.internal.LambdaFailures;
import dev.ferry.invokers.lambda.internal.SharedEventLoop;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.MediaTypes;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.envelope.EnvelopeException;
import dev.ferry.protocol.envelope.HttpResponseEvent;
import dev.ferry.protocol.envelope.LambdaHttpEvents;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.protocol.wire.batch.AddressBatchReply;
import dev.ferry.protocol.wire.batch.AddressBatchRequest;
import io.opentelemetry.api.trace.Tracer;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaAsyncClientBuilder;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Invokes functions deployed to AWS Lambda directly, with the Invoke API (RequestResponse), through
 * the AWS SDK's asynchronous client on Netty.
 *
 * <p>The payload is the JSON event of {@link LambdaHttpEvents}: the serialized {@code ToFunction}
 * in base64 inside a function URL (payload format 2.0) event, answered by a response event. The
 * SDK's own retries are off; the endpoint's {@link dev.ferry.invokers.RetryPolicy} decides, as for
 * HTTP: throttling (429, honouring Retry-After), 5xx, I/O failures and function errors ({@code
 * X-Amz-Function-Error}, reported with the error type and message the function raised) are retried
 * within the deadline; other 4xx fail at once.
 *
 * <p>Payload limits: {@link #maxRequestBytes()} is the largest serialized {@code ToFunction} whose
 * event, base64 included, fits the endpoint's {@code maxRequestBytes}, so callers that split
 * batches under it stay under Lambda's limit.
 */
public final class LambdaInvoker implements Invoker {
    /** The path of a direct invocation's event; adapters do not route by it. */
    static final String EVENT_PATH = "/";

    /** Added to the attempt timeout for the SDK's own bounds, so that ours fires first. */
    private static final Duration SDK_MARGIN = Duration.ofSeconds(5);

    private final LambdaEndpointConfig config;
    private final LambdaAsyncClient client;
    private final AwsCredentialsProvider credentials;
    private final RetryingExecutor<FromFunction> retrying;
    private final RetryingExecutor<AddressBatchReply> batchRetrying;
    private final Tracer tracer = InvocationTrace.tracerIfInstalled();
    private final ConcurrencyLimit limit;
    private final long maxMessageBytes;

    private LambdaInvoker(LambdaEndpointConfig config) {
        this.config = config;
        this.maxMessageBytes = maxMessageBytes(config.maxRequestBytes());
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException(
                    "maxRequestBytes "
                            + config.maxRequestBytes()
                            + " leaves no room for a message");
        }
        Duration sdkBound = config.timeout().plus(SDK_MARGIN);
        SdkAsyncHttpClient http =
                NettyNioAsyncHttpClient.builder()
                        .eventLoopGroup(SharedEventLoop.acquire())
                        .connectionTimeout(config.connectTimeout())
                        // The SDK's default of 30 s would cut a long function short.
                        .readTimeout(sdkBound)
                        .writeTimeout(Duration.ofSeconds(60))
                        .connectionAcquisitionTimeout(sdkBound)
                        .maxConcurrency(
                                config.maxConcurrency() > 0 ? config.maxConcurrency() : 1024)
                        .maxPendingConnectionAcquires(100_000)
                        .tcpKeepAlive(true)
                        .build();
        this.credentials = CredentialsProviders.of(config.credentials(), config.region());
        LambdaAsyncClientBuilder builder =
                LambdaAsyncClient.builder()
                        .httpClient(http)
                        .credentialsProvider(credentials)
                        .overrideConfiguration(
                                override ->
                                        override.retryStrategy(AwsRetryStrategy.doNotRetry())
                                                .apiCallAttemptTimeout(sdkBound)
                                                .apiCallTimeout(sdkBound))
                        // Replies are handed over at once; no thread pool of the SDK's own.
                        .asyncConfiguration(
                                async ->
                                        async.advancedOption(
                                                SdkAdvancedAsyncClientOption
                                                        .FUTURE_COMPLETION_EXECUTOR,
                                                Runnable::run));
        if (config.region() != null) {
            builder.region(Region.of(config.region()));
        }
        if (config.endpointOverride() != null) {
            builder.endpointOverride(URI.create(config.endpointOverride()));
        }
        this.client = builder.build();
        this.limit = new ConcurrencyLimit(config.maxConcurrency());
        // Each attempt is bounded by the timeout; the outer bound also covers an attempt stuck
        // anywhere else (waiting for a connection, a lost reply).
        this.retrying =
                new RetryingExecutor<>(
                        describe(config), config.retry(), config.timeout().plus(SDK_MARGIN));
        this.batchRetrying =
                new RetryingExecutor<>(
                        describe(config), config.retry(), config.timeout().plus(SDK_MARGIN));
    }

    public static LambdaInvoker create(LambdaEndpointConfig config) {
        return new LambdaInvoker(config);
    }

    /**
     * The largest serialized {@code ToFunction} whose request event stays within {@code
     * maxRequestBytes}: base64 turns every 3 bytes into 4, and the JSON around it adds a fixed
     * number.
     */
    static long maxMessageBytes(long maxRequestBytes) {
        long overhead = LambdaHttpEvents.encodeRequest(EVENT_PATH, new byte[0]).length;
        return (maxRequestBytes - overhead) / 4 * 3;
    }

    @Override
    public CompletableFuture<FromFunction> invoke(ToFunction request) {
        FunctionAddress target = FunctionAddress.fromProto(request.getInvocation().getTarget());
        String functionName =
                config.functionName().replace("{function.name}", target.type().name());
        String where =
                "Lambda function "
                        + functionName
                        + (config.qualifier() == null ? "" : ":" + config.qualifier())
                        + " (for "
                        + target
                        + ")";
        byte[] message = request.toByteArray();
        byte[] event = LambdaHttpEvents.encodeRequest(EVENT_PATH, message);
        if (event.length > config.maxRequestBytes()) {
            return CompletableFuture.failedFuture(
                    new InvocationFailedException(
                            functionName,
                            0,
                            false,
                            "request for "
                                    + target
                                    + " is "
                                    + message.length
                                    + " bytes ("
                                    + request.getInvocation().getInvocationsCount()
                                    + " messages and "
                                    + stateBytes(request)
                                    + " bytes of state), "
                                    + event.length
                                    + " bytes as a Lambda event with base64, over the"
                                    + " endpoint's maxRequestBytes of "
                                    + config.maxRequestBytes()
                                    + " (at most "
                                    + maxMessageBytes
                                    + " bytes of request)",
                            null));
        }
        InvocationTrace trace =
                InvocationTrace.start(
                        tracer,
                        functionName,
                        target,
                        request.getInvocation().getInvocationsCount(),
                        message.length);
        return submit(retrying, ReplyValidator.FROM_FUNCTION, functionName, event, where, trace);
    }

    @Override
    public String targetOf(TypeName type) {
        return config.functionName().replace("{function.name}", type.name());
    }

    @Override
    public CompletableFuture<AddressBatchReply> invokeAddressBatch(
            TypeName type, AddressBatchRequest request, int messages) {
        String functionName = targetOf(type);
        String where =
                "Lambda function "
                        + functionName
                        + (config.qualifier() == null ? "" : ":" + config.qualifier())
                        + " (for "
                        + request.getRequestsCount()
                        + " addresses of "
                        + type
                        + ")";
        byte[] message = request.toByteArray();
        byte[] event =
                LambdaHttpEvents.encodeRequest(EVENT_PATH, message, MediaTypes.ADDRESS_BATCH);
        if (event.length > config.maxRequestBytes()) {
            return CompletableFuture.failedFuture(
                    new InvocationFailedException(
                            functionName,
                            0,
                            false,
                            where
                                    + ": an address batch of "
                                    + message.length
                                    + " bytes is "
                                    + event.length
                                    + " bytes as a Lambda event, over the endpoint's"
                                    + " maxRequestBytes of "
                                    + config.maxRequestBytes(),
                            null));
        }
        FunctionAddress first;
        try {
            first = AddressBatchTargets.first(request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        // Traced under the first address: a span has one target.
        InvocationTrace trace =
                InvocationTrace.start(tracer, functionName, first, messages, message.length);
        return submit(
                batchRetrying, ReplyValidator.ADDRESS_BATCH, functionName, event, where, trace);
    }

    /** Invokes {@code functionName} with {@code event}, retried, traced, within the limit. */
    private <T extends MessageLite> CompletableFuture<T> submit(
            RetryingExecutor<T> retries,
            ReplyValidator.Expected<T> validator,
            String functionName,
            byte[] event,
            String where,
            InvocationTrace trace) {
        InvokeRequest.Builder invoke =
                InvokeRequest.builder()
                        .functionName(functionName)
                        .invocationType(InvocationType.REQUEST_RESPONSE)
                        .payload(SdkBytes.fromByteArrayUnsafe(event));
        if (config.qualifier() != null) {
            invoke.qualifier(config.qualifier());
        }
        return limit.submit(
                () ->
                        trace.record(
                                retries.execute(
                                        left -> {
                                            InvocationTrace.Attempt span = trace.attempt();
                                            return span.record(
                                                    attempt(invoke, where, left, span, validator));
                                        })));
    }

    private static long stateBytes(ToFunction request) {
        long bytes = 0;
        for (ToFunction.PersistedValue state : request.getInvocation().getStateList()) {
            bytes += state.getSerializedSize();
        }
        return bytes;
    }

    private <T extends MessageLite> CompletionStage<T> attempt(
            InvokeRequest.Builder invoke,
            String where,
            Duration left,
            InvocationTrace.Attempt span,
            ReplyValidator.Expected<T> expected) {
        Duration bound = left.compareTo(config.timeout()) < 0 ? left : config.timeout();
        InvokeRequest request =
                invoke.clientContext(LambdaClientContext.of(span))
                        .overrideConfiguration(
                                AwsRequestOverrideConfiguration.builder()
                                        .apiCallTimeout(bound)
                                        .apiCallAttemptTimeout(bound)
                                        .build())
                        .build();
        CompletableFuture<InvokeResponse> sent;
        try {
            sent = client.invoke(request);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle(
                (response, failure) -> {
                    if (failure != null) {
                        throw LambdaFailures.classify(where, failure, config.retry());
                    }
                    return read(where, response, span, expected);
                });
    }

    private <T> T read(
            String where,
            InvokeResponse response,
            InvocationTrace.Attempt span,
            ReplyValidator.Expected<T> expected) {
        byte[] payload =
                response.payload() == null ? new byte[0] : response.payload().asByteArray();
        if (response.functionError() != null) {
            retrying.observer().functionError();
            throw AttemptFailure.functionError(
                    where
                            + " failed ("
                            + response.functionError()
                            + "): "
                            + LambdaFailures.describeError(payload));
        }
        HttpResponseEvent reply;
        try {
            reply = LambdaHttpEvents.decodeResponse(payload);
        } catch (EnvelopeException e) {
            throw new AttemptFailure(
                    where + " answered with an unexpected payload: " + e.getMessage(),
                    true,
                    null,
                    e);
        }
        span.status(reply.statusCode());
        return ReplyValidator.validate(
                where,
                reply.statusCode(),
                reply.header("content-type"),
                reply.header("retry-after"),
                reply.body(),
                config.retry(),
                expected);
    }

    private static String describe(LambdaEndpointConfig config) {
        return "Lambda function "
                + config.functionName()
                + (config.qualifier() == null ? "" : ":" + config.qualifier());
    }

    @Override
    public long maxRequestBytes() {
        return maxMessageBytes;
    }

    @Override
    public String describeRequestLimit() {
        return String.format(
                Locale.ROOT,
                "%,d bytes, what fits maxRequestBytes of %,d once base64-encoded in the"
                        + " invocation's JSON event",
                maxMessageBytes,
                config.maxRequestBytes());
    }

    @Override
    public void observe(InvocationObserver observer) {
        retrying.observe(observer);
        batchRetrying.observe(observer);
    }

    @Override
    public void close() {
        retrying.close();
        batchRetrying.close();
        client.close();
        // The client leaves providers it was given open: an assumed role's STS client and refresh
        // thread would outlive the invoker.
        if (credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
        SharedEventLoop.release();
    }
}
