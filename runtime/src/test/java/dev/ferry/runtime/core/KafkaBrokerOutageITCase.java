package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.module.ModuleLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker goes away in the middle of a stream and comes back: StateFun's example module
 * (Kafka in, a remote function, Kafka out exactly-once) carries on, and a {@code read_committed}
 * consumer sees every expected record exactly once, those written in a transaction the outage cut
 * included.
 */
class KafkaBrokerOutageITCase {
    private static final int KEYS = 10;
    private static final int ROUNDS = 30;

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    @RegisterExtension static final KafkaWithFunctions SERVERS = KafkaWithFunctions.withoutTopics();

    /**
     * Five seconds down, well within the producer's timeouts (Kafka's defaults): the job waits for
     * the broker and carries on without a restart.
     */
    @Test
    void aShortOutageCostsNoRestartAndLosesNothing(
            @TempDir Path checkpoints, @InjectMiniCluster MiniCluster cluster) throws Exception {
        Outcome outcome =
                runThroughOutage(
                        "short", module("short", ""), Duration.ofSeconds(5), checkpoints, cluster);

        ExactlyOnceAssertions.assertEachExactlyOnce(outcome.values(), expected());
        assertThat(outcome.failures()).as("failures the job restarted from").isZero();
    }

    /**
     * Longer down than the producer waits (timeouts of a few seconds set in the module): the
     * checkpoint that cannot flush fails the task, the job restarts from its last checkpoint (and
     * again while the broker is still away), and once the broker is back every record is committed
     * once.
     */
    @Test
    void anOutageLongerThanTheProducersTimeoutsRestartsTheJobAndLosesNothing(
            @TempDir Path checkpoints, @InjectMiniCluster MiniCluster cluster) throws Exception {
        String producerTimeouts =
                """
                  properties:
                    - request.timeout.ms: 1000
                    - delivery.timeout.ms: 2000
                    - max.block.ms: 2000
                """;
        Outcome outcome =
                runThroughOutage(
                        "long",
                        module("long", producerTimeouts),
                        Duration.ofSeconds(8),
                        checkpoints,
                        cluster);

        ExactlyOnceAssertions.assertEachExactlyOnce(outcome.values(), expected());
        assertThat(outcome.failures()).as("failures the job restarted from").isPositive();
    }

    /** What a run through an outage committed, and how often the job failed. */
    private record Outcome(List<String> values, int failures) {}

    /**
     * Runs {@code module} (reading topic {@code <name>-in}, its function writing to {@code
     * <name>-out}) over the input in three parts: the first committed before the broker goes, the
     * second on its way when it goes (records of it written in a transaction no checkpoint has
     * committed yet), the third sent once the broker is back after {@code outage}.
     */
    private Outcome runThroughOutage(
            String name, String module, Duration outage, Path checkpoints, MiniCluster cluster)
            throws Exception {
        String bootstrap = SERVERS.kafka().bootstrapServers();
        String in = name + "-in";
        String out = name + "-out";
        SERVERS.kafka().createTopics(2, in, out);
        int third = ROUNDS / 3;
        send(bootstrap, in, out, 0, third);

        JobClient job =
                TestJobs.start(
                        ModulePlanner.plan(
                                ModuleLoader.loadString(name + ".yaml", module, SERVERS::variable)),
                        checkpoints,
                        null,
                        2);
        List<ConsumerRecord<byte[], byte[]>> committed;
        int failures;
        try {
            awaitRecords(bootstrap, out, true, KEYS * third);
            send(bootstrap, in, out, third, 2 * third);
            awaitRecords(bootstrap, out, false, KEYS * third + 1);
            SERVERS.kafka().stop();
            // The outage itself: the broker stays away this long whatever the job does.
            Thread.sleep(outage.toMillis());
            SERVERS.kafka().startAgain();

            send(bootstrap, in, out, 2 * third, ROUNDS);
            committed =
                    KafkaClients.read(
                            bootstrap,
                            out,
                            true,
                            records -> records.size() >= KEYS * ROUNDS,
                            Duration.ofSeconds(90),
                            Duration.ofSeconds(2));
            failures = JobFailures.count(cluster, job.getJobID());
        } finally {
            TestJobs.cancel(job);
        }
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : committed) {
            values.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return new Outcome(values, failures);
    }

    /** StateFun's example module on topic {@code <name>-in}, with {@code egressExtra} appended. */
    private static String module(String name, String egressExtra) throws Exception {
        String yaml =
                KafkaWithFunctions.exampleModule()
                        .replace("- topic: in", "- topic: " + name + "-in")
                        .replace("consumerGroupId: ferry-example", "consumerGroupId: " + name);
        return yaml.stripTrailing() + "\n" + egressExtra;
    }

    private static List<String> expected() {
        List<String> expected = new ArrayList<>();
        for (int key = 0; key < KEYS; key++) {
            for (int count = 1; count <= ROUNDS; count++) {
                expected.add("k" + key + " " + count);
            }
        }
        return expected;
    }

    /**
     * Sends one record to {@code in} for every key in each of the rounds {@code from} to {@code to
     * - 1}, each asking the function to write its count to {@code out}.
     */
    private static void send(String bootstrap, String in, String out, int from, int to)
            throws Exception {
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        for (int round = from; round < to; round++) {
            for (int key = 0; key < KEYS; key++) {
                input.add(
                        new ProducerRecord<>(
                                in,
                                ("k" + key).getBytes(StandardCharsets.UTF_8),
                                PrimitiveCodecs.encodeString(out)));
            }
        }
        KafkaClients.send(bootstrap, input);
    }

    private static void awaitRecords(
            String bootstrap, String topic, boolean readCommitted, int count) {
        List<ConsumerRecord<byte[], byte[]>> records =
                KafkaClients.read(
                        bootstrap,
                        topic,
                        readCommitted,
                        read -> read.size() >= count,
                        Duration.ofSeconds(45),
                        Duration.ZERO);
        assertThat(records)
                .as("records in %s, %s", topic, readCommitted ? "committed" : "all")
                .hasSizeGreaterThanOrEqualTo(count);
    }
}
