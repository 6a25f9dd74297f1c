package dev.ferry.invokers.lambda.internal;

import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;

/**
 * One small Netty event-loop group for all Lambda invokers of a JVM (a task manager runs one per
 * endpoint and subtask), released when the last one closes. Without it each SDK client would start
 * its own group of 2 × cores threads.
 */
public final class SharedEventLoop {
    private static SdkEventLoopGroup group;
    private static int users;

    private SharedEventLoop() {}

    public static synchronized SdkEventLoopGroup acquire() {
        if (group == null) {
            int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
            group = SdkEventLoopGroup.builder().numberOfThreads(threads).build();
        }
        users++;
        return group;
    }

    public static synchronized void release() {
        if (users > 0 && --users == 0) {
            group.eventLoopGroup().shutdownGracefully();
            group = null;
        }
    }
}
