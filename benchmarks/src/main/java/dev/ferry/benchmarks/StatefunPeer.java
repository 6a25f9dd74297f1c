package dev.ferry.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Apache StateFun 3.3 on the same workloads, run by its own script ({@code run.sh} of a writable
 * copy of the peer folder): a flood of messages for the maximum rate, then a paced phase at a fixed
 * rate for the latency, each workload in a fresh runtime JVM, the SDK functions in another.
 * Settings as Ferry's benchmark: RocksDB, 1 s exactly-once checkpoints, parallelism 1, 5 ms buffer
 * timeout.
 */
final class StatefunPeer {
    private static final long RUN_TIMEOUT_MINUTES = 15;

    private final Path folder;
    private final int keys;

    StatefunPeer(Path folder, int keys) {
        if (!Files.isExecutable(folder.resolve("run.sh"))) {
            throw new IllegalArgumentException(
                    "no StateFun peer at "
                            + folder
                            + ": expected its run.sh there (a writable copy of the statefun33 folder)");
        }
        this.folder = folder;
        this.keys = keys;
    }

    /**
     * Floods {@code messages} messages, then paces {@code rate} msg/s for {@code seconds}.
     *
     * @return the maximum (flood) throughput, the paced phase's latency, messages per request over
     *     both phases; {@code millisPerInvocation} is NaN (the peer's function server does not
     *     report it)
     */
    BenchmarkRun.Result run(Workload workload, int messages, long rate, int seconds)
            throws IOException, InterruptedException {
        Path log = folder.resolve("logs").resolve("compare-" + workload.label() + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder =
                new ProcessBuilder(folder.resolve("run.sh").toString())
                        .directory(folder.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("K", Integer.toString(keys));
        env.put("N", Integer.toString(messages));
        env.put("WORKLOADS", workload.label());
        env.put("RATE", Long.toString(rate));
        env.put("LATENCY_SECONDS", Integer.toString(seconds));
        env.put("BUFFER_TIMEOUT", "5ms");
        Process process = builder.start();
        try {
            if (!process.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new IOException(
                        "StateFun's run.sh did not finish within "
                                + RUN_TIMEOUT_MINUTES
                                + " minutes; see "
                                + log);
            }
        } finally {
            // run.sh stops the JVMs it started when it is terminated.
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        Path results = folder.resolve("logs").resolve("results.txt");
        List<String> lines =
                Files.exists(results)
                        ? Files.readAllLines(results, StandardCharsets.UTF_8)
                        : List.of();
        String prefix = "RESULT workload=" + workload.label() + " ";
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                return parse(workload, line);
            }
        }
        // A run that ended without a result (its JVM died or timed out) is a failed run at this
        // rate, not the end of the comparison.
        return new BenchmarkRun.Result(
                workload,
                rate,
                0,
                Double.NaN,
                Double.NaN,
                0,
                Double.NaN,
                false,
                "StateFun's run.sh wrote no result (exit status "
                        + process.exitValue()
                        + "); see "
                        + log.getFileName()
                        + " among the peer's logs",
                Double.NaN,
                Double.NaN);
    }

    /** The peer's {@code RESULT key=value ...} line as a result of this harness. */
    static BenchmarkRun.Result parse(Workload workload, String line) {
        Map<String, String> fields = new HashMap<>();
        for (String token : line.split(" ")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                fields.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        if ("FAILED".equals(fields.get("status"))) {
            String reason = line.substring(line.indexOf("reason=") + "reason=".length());
            return new BenchmarkRun.Result(
                    workload,
                    0,
                    0,
                    0,
                    0,
                    0,
                    Double.NaN,
                    false,
                    "StateFun failed: " + reason,
                    Double.NaN,
                    Double.NaN);
        }
        boolean verified = Boolean.parseBoolean(require(fields, "verified", line));
        return new BenchmarkRun.Result(
                workload,
                Math.round(Double.parseDouble(require(fields, "paced_rate", line))),
                Double.parseDouble(require(fields, "throughput", line)),
                Double.parseDouble(require(fields, "p50_ms", line)),
                Double.parseDouble(require(fields, "p99_ms", line)),
                Double.parseDouble(require(fields, "msgs_per_request", line)),
                Double.NaN,
                verified,
                verified
                        ? null
                        : "StateFun did not verify: sent="
                                + fields.get("sent")
                                + " received="
                                + fields.get("received")
                                + " key_mismatches="
                                + fields.get("key_mismatches"),
                Double.NaN,
                Double.parseDouble(require(fields, "flood_all", line)));
    }

    private static String require(Map<String, String> fields, String key, String line) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException(
                    "StateFun's result line has no " + key + "=: " + line);
        }
        return value;
    }
}
