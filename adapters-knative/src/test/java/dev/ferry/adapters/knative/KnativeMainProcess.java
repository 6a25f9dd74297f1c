package dev.ferry.adapters.knative;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link KnativeMain} in a child JVM with this test's class path, on a free loopback port; its
 * standard output is collected line by line, its standard error goes to a file.
 */
final class KnativeMainProcess implements AutoCloseable {
    private static final String READY_PREFIX = "ferry knative: listening on port ";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final File stderr;
    private final int port;

    KnativeMainProcess(String functionsClass, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getAbsolutePath());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KnativeMain.class.getName());
        command.add(functionsClass);
        stderr = File.createTempFile("knative-main", ".stderr");
        stderr.deleteOnExit();
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(stderr));
        builder.environment().put("PORT", "0");
        builder.environment().put("FERRY_HOST", "127.0.0.1");
        builder.environment().putAll(env);
        process = builder.start();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = in.readLine()) != null) {
                                    lines.add(line);
                                }
                            } catch (Exception e) {
                                // the process ended
                            }
                        },
                        "knative-main-stdout");
        reader.setDaemon(true);
        reader.start();
        String ready;
        try {
            ready = awaitLine(READY_PREFIX, 30);
        } catch (Exception e) {
            close();
            throw e;
        }
        port = Integer.parseInt(ready.substring(READY_PREFIX.length()).trim());
    }

    int port() {
        return port;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    Process process() {
        return process;
    }

    /** Waits for a line of standard output that starts with {@code prefix}. */
    String awaitLine(String prefix, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = lines.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError(
                        "no line starting with '"
                                + prefix
                                + "' within "
                                + seconds
                                + " s; alive="
                                + process.isAlive()
                                + "; stderr:\n"
                                + stderr());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    String stderr() {
        try {
            return java.nio.file.Files.readString(stderr.toPath());
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
