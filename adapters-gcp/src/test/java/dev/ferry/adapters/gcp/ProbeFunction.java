package dev.ferry.adapters.gcp;

import dev.ferry.protocol.PayloadLimits;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A test function with a small limit (1 KiB): {@code fail} fails, {@code throw} throws, {@code
 * none} completes with no reply, {@code big} replies one byte over the platform's 32 MB, anything
 * else is echoed.
 */
public final class ProbeFunction extends FerryHttpFunction {
    public ProbeFunction() {
        super(ProbeFunction::handle, 1024);
    }

    private static CompletableFuture<byte[]> handle(byte[] request) {
        String text = new String(request, StandardCharsets.UTF_8);
        return switch (text) {
            case "fail" ->
                    CompletableFuture.failedFuture(
                            new IllegalStateException("the function broke\n" + "x".repeat(1000)));
            case "throw" -> throw new IllegalArgumentException("thrown, not returned");
            case "none" -> CompletableFuture.completedFuture(null);
            case "big" ->
                    CompletableFuture.completedFuture(
                            new byte[(int) PayloadLimits.HTTP_MAX_PAYLOAD_BYTES + 1]);
            default -> CompletableFuture.completedFuture(request);
        };
    }
}
