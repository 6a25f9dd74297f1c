package dev.ferry.adapters.knative;

import dev.ferry.protocol.RemoteHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Loaded by name in a child JVM: prints {@code received:<body>} when a request arrives and echoes
 * the body 1.5 s later, so a test can stop the process while the request runs.
 */
public final class SlowEchoHandler implements RemoteHandler {
    static final long DELAY_MILLIS = 1500;

    @Override
    public CompletableFuture<byte[]> handle(byte[] request) {
        System.out.println("received:" + new String(request, StandardCharsets.UTF_8));
        System.out.flush();
        return CompletableFuture.supplyAsync(
                () -> request,
                CompletableFuture.delayedExecutor(DELAY_MILLIS, TimeUnit.MILLISECONDS));
    }
}
