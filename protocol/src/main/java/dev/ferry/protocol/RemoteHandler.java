package dev.ferry.protocol;

import java.util.concurrent.CompletableFuture;

/**
 * What a function platform adapter wraps: serialized {@code ToFunction} bytes in, a future of
 * serialized {@code FromFunction} bytes out.
 *
 * <p>Adapters (Lambda, Cloud Functions, Knative) only move bytes between their platform's request
 * shape and this contract; they never look inside. That keeps them small and lets the request
 * format grow (for example one request carrying batches for many addresses) without touching them.
 *
 * <p>A failed future means the function failed; adapters report it as a platform error, never as a
 * successful reply.
 */
@FunctionalInterface
public interface RemoteHandler {

    /** Handles one serialized request. Must be safe to call from several threads at once. */
    CompletableFuture<byte[]> handle(byte[] request);
}
