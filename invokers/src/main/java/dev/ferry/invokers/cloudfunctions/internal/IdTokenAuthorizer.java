package dev.ferry.invokers.cloudfunctions.internal;

import com.google.auth.oauth2.IdToken;
import dev.ferry.invokers.InvocationObserver;
import dev.ferry.invokers.cloudfunctions.CloudFunctionsEndpointConfig.Credentials;
import dev.ferry.invokers.http.RequestAuthorizer;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code Authorization: Bearer <ID token>} for every request, one token per audience.
 *
 * <p>A cached token is used while more than the refresh margin of its life is left. In the margin a
 * refresh starts on the token threads while requests keep using the old token for the first half of
 * the margin; after that they wait for the new one. One refresh per audience is in flight at a
 * time. Google's refresh calls block, so they never run on the caller's (I/O) thread.
 */
public final class IdTokenAuthorizer implements RequestAuthorizer {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final GoogleIdTokens tokens;
    private final String audience;
    private final long refreshMarginMillis;
    private final ExecutorService executor;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile InvocationObserver observer = InvocationObserver.NONE;

    /** Reports each token fetched to {@code observer} from now on. */
    public void observe(InvocationObserver observer) {
        this.observer = observer;
    }

    /**
     * @param audience a fixed audience, or null for the URL of each request
     */
    public IdTokenAuthorizer(Credentials credentials, String audience, Duration refreshMargin) {
        this.tokens = new GoogleIdTokens(credentials);
        this.audience = audience;
        this.refreshMarginMillis = refreshMargin.toMillis();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(
                        2,
                        2,
                        60,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        runnable -> {
                            Thread thread =
                                    new Thread(
                                            runnable,
                                            "ferry-id-token-" + THREADS.incrementAndGet());
                            thread.setDaemon(true);
                            return thread;
                        });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    @Override
    public CompletionStage<Map<String, String>> headers(String url) {
        return token(audienceOf(url))
                .thenApply(token -> Map.of("Authorization", "Bearer " + token));
    }

    @Override
    public String refused(String url, int status) {
        String refusedAudience = audienceOf(url);
        entries.remove(refusedAudience);
        String why =
                status == 401
                        ? "the ID token was not accepted; check the audience"
                        : "the identity may not invoke the function; it needs roles/run.invoker";
        return "identity " + tokens.identity() + ", audience " + refusedAudience + ": " + why;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** The token for {@code forAudience}, fetched on the token threads when needed. */
    CompletableFuture<String> token(String forAudience) {
        Entry entry = entries.computeIfAbsent(forAudience, key -> new Entry());
        Cached cached = entry.cached;
        long now = System.currentTimeMillis();
        if (cached != null && now < cached.expiresAtMillis - refreshMarginMillis) {
            return CompletableFuture.completedFuture(cached.value);
        }
        CompletableFuture<Cached> refresh = entry.refresh(forAudience);
        if (cached != null && now < cached.expiresAtMillis - refreshMarginMillis / 2) {
            return CompletableFuture.completedFuture(cached.value);
        }
        return refresh.thenApply(fresh -> fresh.value);
    }

    private String audienceOf(String url) {
        return audience != null ? audience : url;
    }

    private record Cached(String value, long expiresAtMillis) {}

    private final class Entry {
        volatile Cached cached;
        private CompletableFuture<Cached> inFlight;

        synchronized CompletableFuture<Cached> refresh(String forAudience) {
            if (inFlight == null || inFlight.isDone()) {
                inFlight =
                        CompletableFuture.supplyAsync(
                                () -> {
                                    IdToken token = tokens.fetch(forAudience);
                                    observer.tokenFetched();
                                    Date expires = token.getExpirationTime();
                                    Cached fresh =
                                            new Cached(
                                                    token.getTokenValue(),
                                                    expires != null
                                                            ? expires.getTime()
                                                            : System.currentTimeMillis()
                                                                    + refreshMarginMillis
                                                                    + 60_000);
                                    cached = fresh;
                                    return fresh;
                                },
                                executor);
            }
            return inFlight;
        }
    }
}
