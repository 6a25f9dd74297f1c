package dev.ferry.invokers.http.internal;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * One Vert.x instance for all HTTP invokers of a JVM (a task manager runs many), with a small
 * event-loop pool, released when the last invoker closes.
 */
public final class SharedVertx {
    private static Vertx vertx;
    private static int users;

    private SharedVertx() {}

    public static synchronized Vertx acquire() {
        if (vertx == null) {
            int loops = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
            vertx =
                    Vertx.vertx(
                            new VertxOptions()
                                    .setEventLoopPoolSize(loops)
                                    .setPreferNativeTransport(false));
        }
        users++;
        return vertx;
    }

    public static synchronized void release() {
        if (users > 0 && --users == 0) {
            vertx.close();
            vertx = null;
        }
    }
}
