package dev.ferry.adapters.knative.internal;

import io.vertx.core.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What starting and stopping the server's listeners waits on: a free port, a Vert.x future. */
public final class ServerStartup {
    private ServerStartup() {}

    /** A port free on {@code host} now (another process may take it before it is bound). */
    public static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        }
    }

    /** Waits for {@code future}; its failure is thrown as it is (a {@code BindException}, …). */
    public static <T> T await(Future<T> future, Duration timeout) throws Exception {
        try {
            return future.toCompletionStage()
                    .toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer from the HTTP server within " + timeout);
        }
    }
}
