package dev.ferry.runtime.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The REST endpoint of the embedded MiniCluster, bound to 127.0.0.1 on a port known before the job
 * starts: the one given as {@code rest.port} or {@code rest.bind-port} (a single port, e.g. in
 * {@code --flink-conf}), or else a free one. {@code ferry run} reads completed checkpoints from it
 * and, with {@code --web-ui}, serves Flink's dashboard on it.
 */
record LocalRestEndpoint(int port) {
    static final String HOST = "127.0.0.1";

    /**
     * The endpoint for the Flink {@code settings} given so far and the port of {@code --web-ui}
     * ({@code null} without the option, 0 for the option without a port), which wins over them.
     */
    static LocalRestEndpoint of(Map<String, String> settings, Integer webUiPort) {
        if (webUiPort == null || webUiPort == 0) {
            return of(settings);
        }
        if (webUiPort < 0 || webUiPort > 65535) {
            throw new IllegalArgumentException(
                    "--web-ui "
                            + webUiPort
                            + " is not a port; use 1 to 65535, or the option alone for a free port");
        }
        return new LocalRestEndpoint(webUiPort);
    }

    /** The endpoint for the Flink {@code settings} given so far. */
    static LocalRestEndpoint of(Map<String, String> settings) {
        String given = settings.getOrDefault("rest.bind-port", settings.get("rest.port"));
        if (given == null) {
            return new LocalRestEndpoint(freePort());
        }
        try {
            return new LocalRestEndpoint(Integer.parseInt(given.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "rest.port / rest.bind-port '"
                            + given
                            + "' is not one port number; ferry run needs a single port such as 8081");
        }
    }

    /** The Flink settings that bind the REST endpoint (and the dashboard) here. */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("rest.address", HOST);
        settings.put("rest.bind-address", HOST);
        settings.put("rest.port", Integer.toString(port));
        settings.put("rest.bind-port", Integer.toString(port));
        return settings;
    }

    /** {@code http://127.0.0.1:PORT/}. */
    String url() {
        return "http://" + HOST + ":" + port + "/";
    }

    private static int freePort() {
        // Released before Flink binds it: another process could take it in between, which ends
        // the run with Flink's bind error; the same race every "port 0 then tell" scheme has.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "no free port on " + HOST + " for Flink's REST endpoint", e);
        }
    }
}
