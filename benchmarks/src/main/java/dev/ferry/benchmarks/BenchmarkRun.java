package dev.ferry.benchmarks;

import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.io.GeneratorSource;
import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.embedded.EmbeddedOptions;
import dev.ferry.runtime.embedded.EmbeddedRunner;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;

/**
 * One benchmark run: a module with a generator ingress and an HTTP endpoint to the function server,
 * on the embedded runtime with RocksDB and 1 s exactly-once checkpoints, until every message has
 * reached the egress. The first fifth of the messages is the warm-up and is left out of throughput
 * and latency.
 */
final class BenchmarkRun {
    static final TypeName OUT = TypeName.parse("bench/out");

    record Result(
            Workload workload,
            long rate,
            double throughput,
            double p50Millis,
            double p99Millis,
            double messagesPerRequest,
            boolean verified,
            String problem) {}

    private BenchmarkRun() {}

    static Result run(
            Workload workload,
            int messages,
            int keys,
            long rate,
            FunctionServerProcess functions,
            Path checkpoints)
            throws Exception {
        Measurements measurements = new Measurements(messages);
        Measurements.current = measurements;
        long[] before = functions.stats();
        Module module =
                ModuleBuilder.create()
                        .endpoint(ModuleBuilder.http("bench/*", functions.url()))
                        .ingress(
                                new GeneratorIngressSpec(
                                        TypeName.parse("bench/load"),
                                        List.of(workload.target),
                                        WellKnownTypes.LONG,
                                        rate,
                                        messages,
                                        keys))
                        .egress(ModuleBuilder.print(OUT.asString()))
                        .build();
        JobPlan plan = ModulePlanner.plan(module, Map.of(OUT, spec -> new MeasuringEgress(OUT)));
        EmbeddedOptions options =
                new EmbeddedOptions(
                        checkpoints.toString(),
                        Duration.ofSeconds(1),
                        1,
                        null,
                        EmbeddedOptions.DEFAULT_BUFFER_TIMEOUT,
                        Map.of());
        JobClient job = EmbeddedRunner.start(plan, options);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        try {
            while (measurements.received.get() < messages && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling a counter another thread fills; nothing to await on
            }
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
            // Until the job has stopped: its checkpoint folder is deleted or reused next.
            job.getJobExecutionResult().handle((result, failure) -> null).get(60, TimeUnit.SECONDS);
        }
        long[] after = functions.stats();
        return summarize(
                workload,
                messages,
                keys,
                rate,
                measurements,
                after[0] - before[0],
                after[1] - before[1]);
    }

    private static Result summarize(
            Workload workload,
            int messages,
            int keys,
            long rate,
            Measurements m,
            long requests,
            long applied) {
        int warmUp = messages / 5;
        long first = m.arrivals[warmUp];
        long last = 0;
        for (long arrival : m.arrivals) {
            last = Math.max(last, arrival);
        }
        double throughput = (messages - warmUp) * 1e9 / Math.max(1, last - first);
        double p50 = 0;
        double p99 = 0;
        if (rate > 0) {
            long start = GeneratorSource.firstEmitNanos();
            long[] latencies = new long[messages - warmUp];
            for (int n = warmUp; n < messages; n++) {
                long due = start + (long) (n * 1e9 / rate);
                latencies[n - warmUp] = m.arrivals[n] == 0 ? Long.MAX_VALUE : m.arrivals[n] - due;
            }
            long[] sorted = Measurements.sorted(latencies);
            p50 = Measurements.percentile(sorted, 50) / 1e6;
            p99 = Measurements.percentile(sorted, 99) / 1e6;
        }
        String problem = verify(workload, messages, keys, m, applied);
        return new Result(
                workload,
                rate,
                throughput,
                p50,
                p99,
                requests == 0 ? 0 : (double) applied / requests,
                problem == null,
                problem);
    }

    /** Every key's final count must equal the messages sent to it, and nothing may be lost. */
    private static String verify(
            Workload workload, int messages, int keys, Measurements m, long applied) {
        if (m.received.get() != messages) {
            return m.received.get() + " egress records for " + messages + " messages";
        }
        int perKey = messages / keys;
        if (m.finalCounts.size() != keys) {
            return m.finalCounts.size() + " keys reported, expected " + keys;
        }
        for (Map.Entry<String, Integer> key : m.finalCounts.entrySet()) {
            if (key.getValue() != perKey) {
                return key.getKey() + " counted " + key.getValue() + ", expected " + perKey;
            }
        }
        if (!m.finalCounts.keySet().iterator().next().startsWith(workload.reporter + "/")) {
            return "records came from the wrong function";
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
