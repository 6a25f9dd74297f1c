package dev.ferry.benchmarks;

import dev.ferry.benchmarks.functions.SoakFault;
import dev.ferry.benchmarks.functions.SoakFunctions;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.runtime.embedded.RetainedCheckpoints;
import dev.ferry.testkit.FerryRunProcess;
import dev.ferry.testkit.LocalKafkaBroker;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One soak: a Kafka broker in this JVM, the functions in their own JVM, {@code ferry run} in a
 * third JVM reading both workloads' topics and writing an exactly-once Kafka egress. The input goes
 * in slices, one more than the faults; while a slice is being processed the harness injects the
 * next fault, each only after the previous one was served and the committed output grew again. It
 * reads every committed record with a {@code read_committed} consumer and checks each message's
 * record exactly once, and every key's count.
 */
final class SoakRun {
    private static final Pattern RESTORED =
            Pattern.compile("ferry: restoring from checkpoint \\d+");

    /**
     * Longer than a checkpoint that expires (1 minute) plus the restart and the next checkpoint: on
     * a loaded machine a 3-minute limit ended a run after such an expiry.
     */
    private static final Duration NO_PROGRESS_LIMIT = Duration.ofMinutes(6);

    private static final Duration REPORT_EVERY = Duration.ofSeconds(15);

    /**
     * @param messages messages in all, half to each workload
     * @param keys keys per workload
     * @param faults faults to inject, the kinds taken in turn
     * @param work folder for the module, checkpoints and the runtime's logs
     */
    record Settings(int messages, int keys, int faults, Path work) {}

    private final Settings settings;
    private final PrintStream log;
    private final Measurements counter;
    private final Measurements chain;
    private final List<String> problems = new ArrayList<>();
    private final Map<SoakFault, Integer> injected = new EnumMap<>(SoakFault.class);
    private final Map<SoakFault, List<Long>> recoveries = new EnumMap<>(SoakFault.class);
    private final List<FerryRunProcess> runtimes = new ArrayList<>();
    private long committed;
    private KafkaConsumer<byte[], byte[]> output;
    private FerryRunProcess runtime;
    private PendingFault pending;
    private long lastReport = System.nanoTime();

    private SoakRun(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
        this.counter = new Measurements(settings.messages() / 2);
        this.chain = new Measurements(settings.messages() - settings.messages() / 2);
    }

    static SoakResult run(Settings settings, PrintStream log) throws Exception {
        return new SoakRun(settings, log).run();
    }

    private SoakResult run() throws Exception {
        long started = System.nanoTime();
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start();
                FunctionServerProcess functions = new FunctionServerProcess()) {
            kafka.createTopics(
                    2,
                    SoakModule.COUNTER_TOPIC,
                    SoakModule.CHAIN_TOPIC,
                    SoakFunctions.OUTPUT_TOPIC);
            Path module =
                    SoakModule.write(
                            settings.work().resolve("module.yaml"),
                            functions.url(),
                            kafka.bootstrapServers());
            try (KafkaConsumer<byte[], byte[]> consumer =
                    SoakKafka.committedOutput(kafka.bootstrapServers())) {
                output = consumer;
                drive(module, kafka.bootstrapServers(), functions, consumer);
            } finally {
                for (FerryRunProcess process : runtimes) {
                    process.close();
                }
            }
            checkFaultsServed(functions);
        }
        verify();
        return new SoakResult(
                settings.messages(),
                injected,
                counter.duplicates() + chain.duplicates(),
                counter.lost() + chain.lost(),
                recoveries,
                (System.nanoTime() - started) / 1e9,
                problems);
    }

    /**
     * Feeds the input in {@code faults + 1} slices; while each slice but the last is being
     * processed (a quarter of its messages applied by the functions), injects the next fault. Ends
     * when every message's record is committed and one more checkpoint has completed.
     */
    private void drive(
            Path module,
            String kafka,
            FunctionServerProcess functions,
            KafkaConsumer<byte[], byte[]> output)
            throws Exception {
        Path checkpoints = settings.work().resolve("checkpoints");
        // Flink's JobManager can refuse a checkpoint acknowledgement ("Attempt to reference unknown
        // state", seen under heavy load with incremental RocksDB checkpoints); the checkpoint then
        // stays pending until its timeout, 10 minutes by default. One minute bounds that stall.
        Path flinkConf =
                Files.writeString(
                        settings.work().resolve("flink.conf"),
                        "execution.checkpointing.timeout: 1 min\n");
        List<String> arguments =
                List.of(
                        module.toString(),
                        "--checkpoint-dir",
                        checkpoints.toUri().toString(),
                        "--flink-conf",
                        flinkConf.toString());
        runtime = start(arguments, false);
        SoakFault[] kinds = SoakFault.values();
        int slices = settings.faults() + 1;
        try (KafkaProducer<byte[], byte[]> producer = SoakKafka.producer(kafka)) {
            for (int slice = 0; slice < slices; slice++) {
                long applied = functions.counters().get("messages");
                int size = produce(producer, slice, slices);
                if (slice == slices - 1) {
                    break;
                }
                pumpUntil(
                        functions,
                        () -> functions.counters().get("messages") >= applied + size / 4);
                pumpUntil(functions, () -> pending == null);
                SoakFault kind = kinds[slice % kinds.length];
                int count = injected.merge(kind, 1, Integer::sum);
                log.printf(
                        "soak: %,d of %,d committed; injecting %s (%d)%n",
                        committed, settings.messages(), kind.label, count);
                pending = new PendingFault(kind, count);
                if (kind == SoakFault.PROCESS_KILL) {
                    int exit = runtime.kill();
                    if (exit != 128 + 9) {
                        problems.add("the killed runtime exited with " + exit + ", not 137");
                    }
                    pending.served(System.nanoTime(), committed);
                    runtime = start(arguments, true);
                } else {
                    functions.inject(kind, 1);
                }
            }
        }
        pumpUntil(functions, () -> committed >= settings.messages() && pending == null);
        awaitOneMoreCheckpoint(checkpoints, output);
    }

    /**
     * Reads the committed output and follows the fault in progress until {@code done} holds; fails
     * when the runtime process ends by itself or the output stops growing.
     */
    private void pumpUntil(FunctionServerProcess functions, Check done) throws Exception {
        long lastProgress = System.nanoTime();
        long lastCommitted = committed;
        while (!done.holds()) {
            poll(output);
            long now = System.nanoTime();
            if (now - lastReport > REPORT_EVERY.toNanos()) {
                log.printf("soak: %,d of %,d committed%n", committed, settings.messages());
                lastReport = now;
            }
            if (committed > lastCommitted) {
                lastCommitted = committed;
                lastProgress = now;
            } else if (now - lastProgress > NO_PROGRESS_LIMIT.toNanos()) {
                throw new IllegalStateException(
                        "no committed output for "
                                + NO_PROGRESS_LIMIT
                                + " at "
                                + committed
                                + " of "
                                + settings.messages()
                                + "; the runtime printed:\n"
                                + tail(runtime.output()));
            }
            if (!runtime.isAlive()) {
                throw new IllegalStateException(
                        "ferry run ended by itself; it printed:\n" + tail(runtime.output()));
            }
            if (pending != null) {
                if (pending.servedAt == 0
                        && functions.counters().get("served." + pending.kind.label)
                                >= pending.expectedServed) {
                    pending.served(now, committed);
                }
                if (pending.servedAt != 0 && committed > pending.committedWhenServed) {
                    recoveries
                            .computeIfAbsent(pending.kind, k -> new ArrayList<>())
                            .add((now - pending.servedAt) / 1_000_000);
                    pending = null;
                }
            }
        }
    }

    /** A condition the harness waits for. */
    private interface Check {
        boolean holds() throws Exception;
    }

    /** Starts {@code ferry run}, restoring the latest checkpoint if asked, and waits for it. */
    private FerryRunProcess start(List<String> arguments, boolean restore) throws Exception {
        List<String> args = new ArrayList<>(arguments);
        if (restore) {
            args.addAll(List.of("--restore", "latest"));
        }
        Path logFile = settings.work().resolve("runtime-" + (runtimes.size() + 1) + ".log");
        FerryRunProcess runtime = FerryRunProcess.start(args, Map.of(), logFile);
        runtimes.add(runtime);
        if (restore) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!RESTORED.matcher(runtime.output()).find()) {
                if (!runtime.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "ferry run --restore latest did not say which checkpoint it restores;"
                                    + " it printed:\n"
                                    + tail(runtime.output()));
                }
                Thread.sleep(50); // polling a log file another process writes
            }
            Matcher line = RESTORED.matcher(runtime.output());
            line.find();
            log.println("soak: " + line.group());
        }
        return runtime;
    }

    /** Reads on until a checkpoint newer than the one at hand completes: late duplicates show. */
    private void awaitOneMoreCheckpoint(Path checkpoints, KafkaConsumer<byte[], byte[]> output)
            throws Exception {
        String uri = checkpoints.toUri().toString();
        Optional<Path> now = RetainedCheckpoints.latest(uri);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (RetainedCheckpoints.latest(uri).equals(now) && System.nanoTime() < deadline) {
            poll(output);
        }
        poll(output);
    }

    private void poll(KafkaConsumer<byte[], byte[]> output) {
        for (ConsumerRecord<byte[], byte[]> record : output.poll(Duration.ofMillis(100))) {
            String text = new String(record.value(), StandardCharsets.UTF_8);
            Measurements m =
                    text.startsWith("counter ") ? counter : text.startsWith("b ") ? chain : null;
            if (m == null || !m.recordText(text, System.nanoTime())) {
                problems.add("unexpected egress record '" + text + "'");
                continue;
            }
            committed++;
        }
    }

    /**
     * Sends slice {@code slice} of {@code slices} of each workload's messages (value: the message's
     * sequence number; key: the function id, {@code sequence % keys}); returns how many.
     */
    private int produce(KafkaProducer<byte[], byte[]> producer, int slice, int slices) {
        int sent = 0;
        for (Measurements workload : List.of(counter, chain)) {
            int total = workload.arrivals.length;
            String topic = workload == counter ? SoakModule.COUNTER_TOPIC : SoakModule.CHAIN_TOPIC;
            for (long n = (long) total * slice / slices;
                    n < (long) total * (slice + 1) / slices;
                    n++) {
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                Long.toString(n % settings.keys()).getBytes(StandardCharsets.UTF_8),
                                PrimitiveCodecs.encodeLong(n)));
                sent++;
            }
        }
        producer.flush();
        return sent;
    }

    /**
     * Every injected function fault was served, no more; each task exception failed the job (its
     * answer is in a runtime's log); each kill was followed by a restore.
     */
    private void checkFaultsServed(FunctionServerProcess functions) throws Exception {
        Map<String, Long> served = functions.counters();
        for (SoakFault kind : SoakFault.values()) {
            if (!kind.servedByFunctions()) {
                continue;
            }
            long expected = injected.getOrDefault(kind, 0);
            if (served.get("served." + kind.label) != expected) {
                problems.add(
                        kind.label
                                + ": "
                                + served.get("served." + kind.label)
                                + " served of "
                                + expected
                                + " injected");
            }
        }
        String logs = String.join("\n", runtimes.stream().map(FerryRunProcess::output).toList());
        for (int n = 1; n <= injected.getOrDefault(SoakFault.TASK_EXCEPTION, 0); n++) {
            if (!logs.contains("soak: injected task-exception #" + n)) {
                problems.add("task exception #" + n + " failed no task (not in the runtime logs)");
            }
        }
        long restores = RESTORED.matcher(logs).results().count();
        if (restores != injected.getOrDefault(SoakFault.PROCESS_KILL, 0)) {
            problems.add(
                    restores
                            + " restores for "
                            + injected.getOrDefault(SoakFault.PROCESS_KILL, 0)
                            + " kills");
        }
    }

    private void verify() {
        String counterProblem =
                BenchmarkRun.verify(
                        Workload.COUNTER,
                        counter.arrivals.length,
                        settings.keys(),
                        counter,
                        Long.MAX_VALUE);
        String chainProblem =
                BenchmarkRun.verify(
                        Workload.CHAIN,
                        chain.arrivals.length,
                        settings.keys(),
                        chain,
                        Long.MAX_VALUE);
        if (counterProblem != null) {
            problems.add("counter: " + counterProblem);
        }
        if (chainProblem != null) {
            problems.add("chain: " + chainProblem);
        }
        if (injected.values().stream().mapToInt(Integer::intValue).sum() < settings.faults()) {
            problems.add(
                    "only "
                            + injected.values().stream().mapToInt(Integer::intValue).sum()
                            + " of "
                            + settings.faults()
                            + " faults were injected before the output was complete");
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }
}
