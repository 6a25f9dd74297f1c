package dev.ferry.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A port of the loopback interface that is free now, for a server a test or the demo starts.
 * Another process may take it before the server binds it; servers that can, retry on another.
 */
public final class FreePort {
    private FreePort() {}

    /** A port free on the loopback address at the moment of the call. */
    public static int onLoopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }
}
