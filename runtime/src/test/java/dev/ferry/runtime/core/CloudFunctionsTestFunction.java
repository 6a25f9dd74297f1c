package dev.ferry.runtime.core;

import dev.ferry.adapters.gcp.FerryHttpFunction;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime tests' SDK functions ({@link TestFunctions}) deployed as a Cloud Function. The first
 * {@code FERRY_TEST_FAILURES} requests fail (the adapter answers 500), as an instance failing while
 * the platform scales out would.
 */
public final class CloudFunctionsTestFunction extends FerryHttpFunction {
    private static final int FAILURES =
            Integer.parseInt(System.getenv().getOrDefault("FERRY_TEST_FAILURES", "0"));
    private static final AtomicInteger SERVED = new AtomicInteger();

    public CloudFunctionsTestFunction() {
        super(failingFirst(StatefulFunctionsHandler.of(TestFunctions.all())));
    }

    private static RemoteHandler failingFirst(RemoteHandler handler) {
        return request -> {
            int n = SERVED.incrementAndGet();
            return n <= FAILURES
                    // Numbered, so the test can tell from the log that each one was served.
                    ? CompletableFuture.failedFuture(
                            new IllegalStateException(
                                    "injected function failure " + n + " of " + FAILURES))
                    : handler.handle(request);
        };
    }
}
