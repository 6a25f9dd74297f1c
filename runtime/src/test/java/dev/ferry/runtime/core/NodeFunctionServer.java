package dev.ferry.runtime.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tools/statefun-js/functions.js} (functions written with the official StateFun JavaScript
 * SDK) under Node.js as a child process on 127.0.0.1. The build installs the SDK there and passes
 * the script's path in the system property {@value #PROPERTY}; {@code node} must be on the path.
 */
final class NodeFunctionServer implements AutoCloseable {
    static final String PROPERTY = "ferry.test.statefun-js";
    private static final Pattern LISTENING = Pattern.compile("listening on (\\d+)");

    private final Process process;
    private final int port;

    private NodeFunctionServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server on {@code port} (0: a free one) and waits until it accepts requests. */
    static NodeFunctionServer start(int port) throws IOException, InterruptedException {
        String script = System.getProperty(PROPERTY);
        if (script == null || !Files.isRegularFile(Path.of(script))) {
            throw new IllegalStateException(
                    "the StateFun JavaScript functions are not installed: system property "
                            + PROPERTY
                            + " is "
                            + script
                            + "; the runtime's build installs them before its integration tests"
                            + " (npm install --prefix tools/statefun-js)");
        }
        Process process =
                new ProcessBuilder("node", script, Integer.toString(port))
                        .redirectErrorStream(true)
                        .start();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader lines =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = lines.readLine()) != null) {
                                    System.out.println("[statefun-js] " + line);
                                    Matcher matcher = LISTENING.matcher(line);
                                    if (matcher.find()) {
                                        listening.complete(Integer.parseInt(matcher.group(1)));
                                    }
                                }
                            } catch (IOException e) {
                                // the process ended; its exit shows below
                            }
                            listening.completeExceptionally(
                                    new IllegalStateException(
                                            "node "
                                                    + script
                                                    + " ended before it listened (see its output above)"));
                        },
                        "statefun-js-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new NodeFunctionServer(process, listening.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the StateFun JavaScript server did not start", e);
        }
    }

    int port() {
        return port;
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s) and waits for it to end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
