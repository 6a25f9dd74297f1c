package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.http.SdkFunctionServerExtension;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.config.FerryOptions;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.embedded.FlinkSettings;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import dev.ferry.runtime.module.ModuleBuilder;
import dev.ferry.runtime.module.PrintEgressSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints keep completing while a job is back-pressured by a slow function: a generator floods
 * a function that takes {@value #MILLIS_PER_MESSAGE} ms per message on a few keys, the function
 * operator may buffer only {@value #MAX_BUFFERED} messages, so the network buffers in front of it
 * fill and stay full. An aligned barrier waits behind every record queued there; with Flink's
 * network defaults that is thousands of records, tens of seconds of this function's work, and no
 * checkpoint completes meanwhile. With the TaskManager settings of {@link FlinkSettings#network()}
 * (what {@code ferry run} uses) the queue holds a fraction of a second of work.
 */
class CheckpointsUnderBackPressureITCase {
    private static final TypeName OUT = TypeName.parse("slow/out");
    private static final org.apache.flink.statefun.sdk.java.TypeName SLOW =
            org.apache.flink.statefun.sdk.java.TypeName.typeNameOf("slow", "counter");
    private static final org.apache.flink.statefun.sdk.java.TypeName SDK_OUT =
            org.apache.flink.statefun.sdk.java.TypeName.typeNameOf("slow", "out");
    private static final ValueSpec<Integer> COUNT = ValueSpec.named("count").withIntType();
    private static final int KEYS = 4;
    private static final long MILLIS_PER_MESSAGE = 20;
    private static final int MAX_BUFFERED = 8;
    private static final Duration FLOOD_WINDOW = Duration.ofSeconds(30);
    private static final AtomicInteger HANDLED = new AtomicInteger();

    /**
     * Completed checkpoints demanded in the window (at a 200 ms interval): few enough for a machine
     * whose checkpoints themselves take seconds, while the queue of Flink's defaults lets none
     * complete in a minute.
     */
    private static final int MIN_COMPLETED = 3;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster(FlinkSettings.network());

    @RegisterExtension
    static final SdkFunctionServerExtension FUNCTIONS =
            new SdkFunctionServerExtension(CheckpointsUnderBackPressureITCase::slowCounter);

    @Test
    void checkpointsCompleteWhileASlowFunctionHoldsBackAFlood(@TempDir Path checkpoints)
            throws Exception {
        String name = "slow-flood";
        var module =
                ModuleBuilder.create()
                        .endpoint(
                                ModuleBuilder.http(
                                        "slow/*",
                                        FUNCTIONS.server().url("http", "/{function.name}")))
                        .ingress(
                                new GeneratorIngressSpec(
                                        TypeName.parse("slow/in"),
                                        List.of(TypeName.parse("slow/counter")),
                                        WellKnownTypes.LONG,
                                        0,
                                        1_000_000,
                                        KEYS))
                        .egress(new PrintEgressSpec(OUT, PrintEgressSpec.Output.LOG))
                        .build();
        var plan =
                ModulePlanner.plan(
                        module, Map.of(OUT, spec -> TestJobs.committed(spec.id(), name, null)));
        Configuration settings = new Configuration();
        settings.set(FerryOptions.MAX_BUFFERED_PER_TASK, MAX_BUFFERED);
        JobClient job = TestJobs.start(plan, checkpoints, null, 1, settings);
        // Checkpoints completed since the flood began; fewer than MIN_COMPLETED in the window
        // fails the await below, naming the condition.
        List<Long> completions = new ArrayList<>();
        try {
            // The flood is on once the function is busy: the network buffers fill in moments.
            await("the slow function invoked")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> HANDLED.get() > KEYS);
            long[] seen = {CommittedEgress.completedCheckpoint(name)};
            await("at least " + MIN_COMPLETED + " checkpoints completed under back-pressure")
                    .atMost(FLOOD_WINDOW)
                    .pollInterval(Duration.ofMillis(20))
                    .until(
                            () -> {
                                long newest = CommittedEgress.completedCheckpoint(name);
                                if (newest > seen[0]) {
                                    completions.add(newest);
                                    seen[0] = newest;
                                }
                                return completions.size() >= MIN_COMPLETED;
                            });
        } finally {
            TestJobs.cancel(job);
        }
        int committed = CommittedEgress.committed(name).size();
        assertThat(committed)
                .as("messages through the slow function: the flood must outlast the window")
                .isLessThan(1_000_000 - 10_000);
    }

    /** Counts per id and reports, then answers only after {@value #MILLIS_PER_MESSAGE} ms. */
    private static StatefulFunctions slowCounter() {
        StatefulFunctions all = new StatefulFunctions();
        all.withStatefulFunction(
                StatefulFunctionSpec.builder(SLOW)
                        .withValueSpec(COUNT)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            HANDLED.incrementAndGet();
                                            int count = context.storage().get(COUNT).orElse(0) + 1;
                                            context.storage().set(COUNT, count);
                                            context.send(
                                                    EgressMessageBuilder.forEgress(SDK_OUT)
                                                            .withValue(
                                                                    "slow "
                                                                            + context.self().id()
                                                                            + " "
                                                                            + count)
                                                            .build());
                                            return CompletableFuture.runAsync(
                                                    () -> {},
                                                    CompletableFuture.delayedExecutor(
                                                            MILLIS_PER_MESSAGE,
                                                            TimeUnit.MILLISECONDS));
                                        }));
        return all;
    }
}
