package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.translation.EgressPlan;
import dev.ferry.runtime.core.translation.FerryTopology;
import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.core.translation.KafkaEgressPlan;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.module.KafkaEgressSpec;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka in, a remote function, Kafka out exactly-once, on a real broker: StateFun's example module
 * runs unchanged; a task fails in the middle of the stream, and a {@code read_committed} consumer
 * still sees every expected record exactly once.
 */
class KafkaExactlyOnceITCase {
    private static final int KEYS = 20;
    private static final int PER_KEY = 20;

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    @RegisterExtension
    static final KafkaWithFunctions SERVERS = new KafkaWithFunctions(2, "in", "out");

    @Test
    void everyRecordIsCommittedOnceDespiteATaskFailure(@TempDir Path checkpoints) throws Exception {
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        for (int i = 0; i < KEYS * PER_KEY; i++) {
            input.add(
                    new ProducerRecord<>(
                            "in",
                            ("k" + i % KEYS).getBytes(StandardCharsets.UTF_8),
                            PrimitiveCodecs.encodeString("out")));
        }
        KafkaClients.send(SERVERS.kafka().bootstrapServers(), input);
        FailOnce.reset(KEYS * PER_KEY / 3);

        JobPlan plan =
                ModulePlanner.plan(
                        example(),
                        Map.of(
                                TypeName.parse("kafka/out"),
                                spec ->
                                        new FailingBefore(
                                                new KafkaEgressPlan((KafkaEgressSpec) spec))));
        JobClient job = TestJobs.start(plan, checkpoints, null, 2);
        List<ConsumerRecord<byte[], byte[]>> committed;
        try {
            committed =
                    KafkaClients.read(
                            SERVERS.kafka().bootstrapServers(),
                            "out",
                            true,
                            records -> records.size() >= KEYS * PER_KEY,
                            Duration.ofSeconds(45),
                            Duration.ofSeconds(2));
        } finally {
            TestJobs.cancel(job);
        }
        assertThat(FailOnce.injected()).as("task failures injected").isEqualTo(1);

        List<String> expected = new ArrayList<>();
        for (int key = 0; key < KEYS; key++) {
            for (int count = 1; count <= PER_KEY; count++) {
                expected.add("k" + key + " " + count);
            }
        }
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : committed) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            values.add(value);
            assertThat(new String(record.key(), StandardCharsets.UTF_8))
                    .isEqualTo(value.substring(0, value.indexOf(' ')));
        }
        ExactlyOnceAssertions.assertEachExactlyOnce(values, expected);

        // The failed attempt did write records, in a transaction that was aborted: a reader that
        // sees uncommitted records sees more than the exactly-once output.
        int committedCount = committed.size();
        List<ConsumerRecord<byte[], byte[]>> everything =
                KafkaClients.read(
                        SERVERS.kafka().bootstrapServers(),
                        "out",
                        false,
                        records -> records.size() > committedCount,
                        Duration.ofSeconds(5),
                        Duration.ZERO);
        assertThat(everything)
                .as("records read with read_uncommitted, aborted ones included")
                .hasSizeGreaterThan(committedCount);
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersMaximumIsRefusedBeforeTheJobStarts() throws Exception {
        String yaml =
                KafkaWithFunctions.exampleModule()
                        .replace("transactionTimeout: 1min", "transactionTimeout: 20min");
        JobPlan plan =
                ModulePlanner.plan(
                        ModuleLoader.loadString("example.yaml", yaml, SERVERS::variable));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        assertThatThrownBy(() -> FerryTopology.build(env, plan))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Kafka egress kafka/out")
                .hasMessageContaining(
                        "1200000 ms, more than the brokers' transaction.max.timeout.ms")
                .hasMessageContaining("of 900000 ms");
    }

    private Module example() throws Exception {
        return ModuleLoader.loadString(
                "statefun-example.yaml", KafkaWithFunctions.exampleModule(), SERVERS::variable);
    }

    /** The real Kafka egress, behind a map that fails once: a task failure mid-stream. */
    private record FailingBefore(KafkaEgressPlan kafka) implements EgressPlan {
        @Override
        public TypeName id() {
            return kafka.id();
        }

        @Override
        public void attach(DataStream<EgressRecord> records) {
            kafka.attach(records.map(new FailOnce()).returns(records.getType()));
        }
    }
}
