package dev.ferry.benchmarks;

import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.io.GeneratorSource;
import dev.ferry.runtime.core.translation.IngressPlan;
import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.embedded.EmbeddedOptions;
import dev.ferry.runtime.embedded.EmbeddedRunner;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.core.execution.JobClient;

/**
 * One benchmark run: a module with a generator ingress and an HTTP endpoint to the function server,
 * on the embedded runtime with RocksDB and 1 s exactly-once checkpoints, until every message has
 * reached the egress. The first fifth of the messages is the warm-up and is left out of throughput
 * and latency.
 */
final class BenchmarkRun {
    static final TypeName OUT = TypeName.parse("bench/out");

    /**
     * One run's figures. {@code throughput} is the flood's rate as StateFun's peer counts it (from
     * the arrival that is the fifth of the flood in arrival order to the last one); {@code
     * wholeFloodThroughput} is the whole flood over the time from its first emission to its last
     * arrival (the peer's {@code flood_all}), NaN when the run did not flood first. The first
     * measures how fast the egress is reached once the job runs; where a system delivers the flood
     * in a few bursts it reads far higher than the second, which counts the time until the first
     * burst too.
     */
    record Result(
            Workload workload,
            long rate,
            double throughput,
            double p50Millis,
            double p99Millis,
            double messagesPerRequest,
            double invocationsPerMessage,
            boolean verified,
            String problem,
            double millisPerInvocation,
            double wholeFloodThroughput) {}

    /** With {@code -Dferry.bench.trace=true}, each run prints its {@link LatencyTrace}. */
    static final String TRACE_PROPERTY = "ferry.bench.trace";

    /** Prefix of system properties that become Flink settings of every run. */
    static final String FLINK_PROPERTY_PREFIX = "ferry.bench.flink.";

    /**
     * What {@link #execute} saw: the function server's requests, messages applied and nanoseconds
     * of handling (-1 when the server does not time its invocations), and (with tracing on) Flink's
     * statistics of the checkpoints.
     */
    private record Execution(long[] work, List<String> checkpointLines) {}

    private BenchmarkRun() {}

    /**
     * Flink settings from system properties {@code ferry.bench.flink.<key>=<value>}, for comparing
     * settings run against run.
     */
    static Map<String, String> flinkProperties() {
        Map<String, String> settings = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(FLINK_PROPERTY_PREFIX)) {
                settings.put(
                        name.substring(FLINK_PROPERTY_PREFIX.length()), System.getProperty(name));
            }
        }
        return settings;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * With {@code -Dferry.bench.trace=true}: the per-second latency of {@code arrivals} from {@code
     * from} on, then Flink's statistics per checkpoint of the run.
     */
    private static void traceIfAsked(
            String what,
            long start,
            long rate,
            long[] arrivals,
            int from,
            Measurements m,
            Execution execution) {
        if (!Boolean.getBoolean(TRACE_PROPERTY)) {
            return;
        }
        long end = 0;
        for (long arrival : m.arrivals) {
            end = Math.max(end, arrival);
        }
        System.out.println("trace " + what);
        for (String line : LatencyTrace.lines(start, rate, arrivals, from, m.checkpoints(), end)) {
            System.out.println(line);
        }
        execution.checkpointLines().forEach(System.out::println);
    }

    static Result run(
            Workload workload,
            int messages,
            int keys,
            long rate,
            FunctionServerProcess functions,
            Path checkpoints)
            throws Exception {
        return run(workload, messages, keys, rate, functions, checkpoints, Map.of(), () -> {});
    }

    /**
     * As {@link #run(Workload, int, int, long, FunctionServerProcess, Path)}, with further Flink
     * {@code settings}; {@code beforeStop} runs once every message arrived, before the job stops.
     */
    static Result run(
            Workload workload,
            int messages,
            int keys,
            long rate,
            FunctionServerProcess functions,
            Path checkpoints,
            Map<String, String> settings,
            Runnable beforeStop)
            throws Exception {
        Measurements measurements = new Measurements(messages);
        GeneratorIngressSpec generator = generator(workload, rate, messages, keys);
        JobPlan plan = plan(functions, generator, null);
        Execution execution =
                execute(
                        plan,
                        measurements,
                        functions,
                        checkpoints,
                        settings,
                        beforeStop,
                        GeneratorSource::firstEmitNanos);
        int warmUp = messages / 5;
        long start = GeneratorSource.firstEmitNanos();
        traceIfAsked(
                String.format(
                        java.util.Locale.ROOT,
                        "%s %s, %d messages (seconds from the first message's due time; the"
                                + " first fifth is warm-up)",
                        workload.label(),
                        rate > 0 ? "at " + rate + " msg/s" : "at maximum rate",
                        messages),
                start,
                rate,
                measurements.arrivals,
                warmUp,
                measurements,
                execution);
        long warmUpDue = rate > 0 ? start + (long) (warmUp * 1e9 / rate) : 0;
        return summarize(
                workload,
                keys,
                rate,
                measurements,
                execution.work(),
                messages,
                warmUp,
                warmUpDue,
                0);
    }

    /**
     * One job measured as StateFun's peer benchmark measures: {@code flood} messages as fast as the
     * job takes them (throughput over all but the first fifth of them), then, once all of them
     * reached the egress and after {@value FloodThenPaceSource#IDLE_MILLIS} ms idle, {@code rate}
     * msg/s for {@code seconds}: latency over every paced message, from its due time. Invocations
     * are counted over both phases (as the peer's function server counts them).
     */
    static Result floodThenPace(
            Workload workload,
            int flood,
            long rate,
            int seconds,
            int keys,
            FunctionServerProcess functions,
            Path checkpoints)
            throws Exception {
        int paced = (int) Math.max(1, rate * seconds);
        int messages = flood + paced;
        Measurements measurements = new Measurements(messages);
        GeneratorIngressSpec generator = generator(workload, 0, messages, keys);
        FloodThenPaceSource.reset();
        JobPlan plan =
                plan(functions, generator, new FloodThenPaceIngress(generator, flood, paced, rate));
        Execution execution =
                execute(
                        plan,
                        measurements,
                        functions,
                        checkpoints,
                        Map.of(),
                        () -> {},
                        FloodThenPaceSource::pacedStartNanos);
        long pacedStart = FloodThenPaceSource.pacedStartNanos();
        traceIfAsked(
                String.format(
                        java.util.Locale.ROOT,
                        "%s at %d msg/s after a flood of %d messages, %d s (seconds from the"
                                + " first paced message's due time)",
                        workload.label(),
                        rate,
                        flood,
                        seconds),
                pacedStart,
                rate,
                java.util.Arrays.copyOfRange(measurements.arrivals, flood, messages),
                0,
                measurements,
                execution);
        return summarize(
                workload,
                keys,
                rate,
                measurements,
                execution.work(),
                flood,
                flood,
                pacedStart,
                FloodThenPaceSource.floodStartNanos());
    }

    private static GeneratorIngressSpec generator(
            Workload workload, long rate, int messages, int keys) {
        return new GeneratorIngressSpec(
                TypeName.parse("bench/load"),
                List.of(workload.target),
                WellKnownTypes.LONG,
                rate,
                messages,
                keys);
    }

    /** The benchmark module's plan; {@code ingress}, when given, replaces the generator's. */
    private static JobPlan plan(
            FunctionServerProcess functions, GeneratorIngressSpec generator, IngressPlan ingress) {
        Module module =
                ModuleBuilder.create()
                        .endpoint(functions.endpoint())
                        .ingress(generator)
                        .egress(ModuleBuilder.print(OUT.asString()))
                        .build();
        JobPlan plan = ModulePlanner.plan(module, Map.of(OUT, spec -> new MeasuringEgress(OUT)));
        return ingress == null
                ? plan
                : new JobPlan(List.of(ingress), plan.dispatcher(), plan.egresses());
    }

    /**
     * Runs {@code plan} until every message reached the egress (at most 10 minutes).
     *
     * @param traceStart with tracing on, when the trace's second 0 began ({@link System#nanoTime})
     * @return what the function server did meanwhile and, with tracing on, Flink's statistics of
     *     the checkpoints
     */
    private static Execution execute(
            JobPlan plan,
            Measurements measurements,
            FunctionServerProcess functions,
            Path checkpoints,
            Map<String, String> settings,
            Runnable beforeStop,
            LongSupplier traceStart)
            throws Exception {
        Measurements.current = measurements;
        long[] before = functions.stats();
        boolean tracing = Boolean.getBoolean(TRACE_PROPERTY);
        int restPort = tracing ? freePort() : 0;
        Map<String, String> flink = new HashMap<>(settings);
        if (tracing) {
            flink.putAll(CheckpointStatistics.settings(restPort));
        }
        flink.putAll(flinkProperties());
        EmbeddedOptions options =
                new EmbeddedOptions(
                        checkpoints.toString(),
                        Duration.ofSeconds(1),
                        1,
                        null,
                        EmbeddedOptions.DEFAULT_BUFFER_TIMEOUT,
                        flink);
        JobClient job = EmbeddedRunner.start(plan, options);
        List<String> checkpointLines = List.of();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        int messages = measurements.arrivals.length;
        try {
            while (measurements.received.get() < messages && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling a counter another thread fills; nothing to await on
            }
            beforeStop.run();
            if (tracing) {
                long firstEmitMillis =
                        System.currentTimeMillis()
                                - (System.nanoTime() - traceStart.getAsLong()) / 1_000_000;
                checkpointLines =
                        CheckpointStatistics.lines(restPort, job.getJobID(), firstEmitMillis);
            }
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
            // Until the job has stopped: its checkpoint folder is deleted or reused next.
            job.getJobExecutionResult().handle((result, failure) -> null).get(60, TimeUnit.SECONDS);
        }
        long[] after = functions.stats();
        return new Execution(
                new long[] {
                    after[0] - before[0],
                    after[1] - before[1],
                    functions.timesInvocations() ? after[2] - before[2] : -1
                },
                checkpointLines);
    }

    /**
     * @param work the function server's requests, messages applied and nanoseconds of handling
     * @param flood the messages the throughput is measured over (all but their first fifth)
     * @param latencyFrom the first message whose latency counts (rate > 0)
     * @param latencyFromDue when that message was due; message {@code n} is due {@code (n -
     *     latencyFrom) / rate} seconds later
     * @param floodStart when the flood's first message was emitted ({@link System#nanoTime}); 0
     *     when the run did not flood first
     */
    private static Result summarize(
            Workload workload,
            int keys,
            long rate,
            Measurements m,
            long[] work,
            int flood,
            int latencyFrom,
            long latencyFromDue,
            long floodStart) {
        int messages = m.arrivals.length;
        double throughput = floodThroughput(m.arrivals, flood);
        double wholeFlood =
                floodStart == 0 ? Double.NaN : wholeFloodThroughput(m.arrivals, flood, floodStart);
        double p50 = 0;
        double p99 = 0;
        if (rate > 0) {
            long[] latencies = new long[messages - latencyFrom];
            for (int n = latencyFrom; n < messages; n++) {
                long due = latencyFromDue + (long) ((n - latencyFrom) * 1e9 / rate);
                latencies[n - latencyFrom] =
                        m.arrivals[n] == 0 ? Long.MAX_VALUE : m.arrivals[n] - due;
            }
            long[] sorted = Measurements.sorted(latencies);
            p50 = Measurements.percentile(sorted, 50) / 1e6;
            p99 = Measurements.percentile(sorted, 99) / 1e6;
        }
        long requests = work[0];
        long applied = work[1];
        String problem = verify(workload, messages, keys, m, applied);
        return new Result(
                workload,
                rate,
                throughput,
                p50,
                p99,
                requests == 0 ? 0 : (double) applied / requests,
                (double) requests / messages,
                problem == null,
                problem,
                work[2] < 0 ? Double.NaN : requests == 0 ? 0 : work[2] / 1e6 / requests,
                wholeFlood);
    }

    /**
     * Messages per second over the whole flood, as StateFun's peer counts its {@code flood_all}:
     * the flood's messages over the time from its first emission to its last arrival.
     *
     * @param arrivals arrival times by message number ({@link System#nanoTime}); the first {@code
     *     flood} are the flood's
     */
    static double wholeFloodThroughput(long[] arrivals, int flood, long floodStart) {
        long last = floodStart;
        for (int n = 0; n < flood; n++) {
            last = Math.max(last, arrivals[n]);
        }
        return flood * 1e9 / Math.max(1, last - floodStart);
    }

    /**
     * Messages per second at the egress over the flood less its first fifth, as StateFun's peer
     * counts it: from the arrival that is the fifth of the flood in arrival order to the last
     * arrival. Per-key batches deliver the flood out of generation order, so the arrival of message
     * number {@code flood / 5} would start the window at a different moment on every run.
     *
     * @param arrivals arrival times by message number ({@link System#nanoTime}); the first {@code
     *     flood} are the flood's
     */
    static double floodThroughput(long[] arrivals, int flood) {
        long[] inOrder = Measurements.sorted(Arrays.copyOf(arrivals, flood));
        int warmUp = flood / 5;
        long first = inOrder[warmUp];
        long last = inOrder[flood - 1];
        return (flood - 1 - warmUp) * 1e9 / Math.max(1, last - first);
    }

    /**
     * Every generated number must reach the egress exactly once, and every key must have emitted
     * exactly the messages sent to it (the generator sends number n to key {@code n % keys}), with
     * its count ending at that number; no other key may report.
     */
    static String verify(Workload workload, int messages, int keys, Measurements m, long applied) {
        long lost = m.lost();
        long duplicates = m.duplicates();
        if (lost > 0 || duplicates > 0) {
            return lost
                    + " messages lost and "
                    + duplicates
                    + " duplicated ("
                    + m.received.get()
                    + " egress records for "
                    + messages
                    + " messages)";
        }
        if (m.received.get() != messages) {
            return m.received.get() + " egress records for " + messages + " messages";
        }
        int reporting = 0;
        for (int key = 0; key < keys; key++) {
            int expected = messages / keys + (key < messages % keys ? 1 : 0);
            if (expected == 0) {
                continue;
            }
            reporting++;
            String name = workload.reportingKey(key);
            Measurements.KeyTally tally = m.keys.get(name);
            if (tally == null) {
                return name + " emitted nothing, expected " + expected + " records";
            }
            if (tally.records != expected || tally.highestCount != expected) {
                return name
                        + " emitted "
                        + tally.records
                        + " records counting up to "
                        + tally.highestCount
                        + ", expected "
                        + expected
                        + " of each";
            }
        }
        if (m.keys.size() != reporting) {
            return m.keys.size() + " keys reported, expected " + reporting + ": " + m.keys.keySet();
        }
        if (applied < (long) messages * workload.invocationsPerMessage) {
            return "the functions applied "
                    + applied
                    + " messages, expected at least "
                    + messages * workload.invocationsPerMessage;
        }
        return null;
    }
}
