package dev.ferry.examples.fraud;

import static dev.ferry.examples.fraud.types.FraudTypes.MERCHANT_SCORE_REPLY;
import static dev.ferry.examples.fraud.types.FraudTypes.QUERY_MERCHANT_SCORE;

import dev.ferry.examples.fraud.types.JsonType;
import dev.ferry.examples.fraud.types.MerchantScore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Address;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * {@code fraud/merchant-score}, one per merchant: asks the third-party merchant-trust service,
 * without blocking, and caches its answer in state that expires, so the service is asked again once
 * the score may be stale.
 */
public final class MerchantScoreFn implements StatefulFunction {
    static final Duration CACHE_TTL = Duration.ofHours(1);
    static final ValueSpec<Double> TRUST =
            ValueSpec.named("trust").thatExpireAfterWrite(CACHE_TTL).withDoubleType();

    private final URI trustService;
    private final HttpClient http;

    /**
     * @param trustService the service's base URL; scores are at {@code /merchants/{merchant}}
     */
    public MerchantScoreFn(URI trustService, HttpClient http) {
        this.trustService = trustService;
        this.http = http;
    }

    @Override
    public CompletableFuture<Void> apply(Context context, Message message) {
        if (!message.is(QUERY_MERCHANT_SCORE)) {
            throw new IllegalArgumentException(
                    "merchant-score does not take messages of type " + message.valueTypeName());
        }
        Optional<Address> caller = context.caller();
        String merchant = context.self().id();
        Optional<Double> cached = context.storage().get(TRUST);
        if (cached.isPresent()) {
            reply(context, caller, new MerchantScore(merchant, cached.get()));
            return context.done();
        }
        return fetch(merchant)
                .thenAccept(
                        score -> {
                            context.storage().set(TRUST, score.trust());
                            reply(context, caller, score);
                        });
    }

    private CompletableFuture<MerchantScore> fetch(String merchant) {
        HttpRequest request =
                HttpRequest.newBuilder(
                                trustService.resolve(
                                        "merchants/"
                                                + URLEncoder.encode(
                                                        merchant, StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(
                        response -> {
                            if (response.statusCode() != 200) {
                                // A failed invocation is retried by the runtime; nothing is lost.
                                throw new IllegalStateException(
                                        "merchant-trust service answered "
                                                + response.statusCode()
                                                + " for "
                                                + merchant);
                            }
                            return JsonType.fromJson(response.body(), MerchantScore.class);
                        });
    }

    private static void reply(Context context, Optional<Address> caller, MerchantScore score) {
        caller.ifPresent(
                to ->
                        context.send(
                                MessageBuilder.forAddress(to)
                                        .withCustomType(MERCHANT_SCORE_REPLY, score)
                                        .build()));
    }
}
