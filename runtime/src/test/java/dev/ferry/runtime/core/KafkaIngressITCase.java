package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.embedded.RetainedCheckpoints;
import dev.ferry.runtime.module.ModuleLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka ingress on a real broker: every startup position, a restored job resuming after its
 * checkpointed offsets, and what happens to bad records (a missing key, a value that is not its
 * declared primitive, a route to a function no endpoint serves): dead letters with their position
 * and reason, or a job that fails once, naming them.
 */
class KafkaIngressITCase {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS Z").withZone(ZoneOffset.UTC);

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    @RegisterExtension static final KafkaWithFunctions SERVERS = KafkaWithFunctions.withoutTopics();

    @Test
    void earliestReadsEverything(@TempDir Path checkpoints) throws Exception {
        assertThat(readFrom("earliest", "startupPosition: {type: earliest}", checkpoints))
                .containsExactlyInAnyOrder("r0 1", "r1 1", "r2 1", "r3 1", "r4 1");
    }

    @Test
    void specificOffsetsStartThere(@TempDir Path checkpoints) throws Exception {
        String position =
                "startupPosition:\n"
                        + "    type: specific-offsets\n"
                        + "    offsets:\n"
                        + "      - pos-specific/0: 1";
        assertThat(readFrom("specific", position, checkpoints))
                .containsExactlyInAnyOrder("r1 1", "r2 1", "r3 1", "r4 1");
    }

    @Test
    void aDateStartsAtTheFirstRecordNotOlder(@TempDir Path checkpoints) throws Exception {
        String position =
                "startupPosition:\n"
                        + "    type: date\n"
                        + "    date: "
                        + DATE.format(Instant.now().minusSeconds(30));
        assertThat(readFrom("date", position, checkpoints))
                .containsExactlyInAnyOrder("r3 1", "r4 1");
    }

    @Test
    void groupOffsetsContinueWhereTheGroupCommitted(@TempDir Path checkpoints) throws Exception {
        SERVERS.kafka().createTopics(1, "pos-group");
        KafkaClients.commit(
                SERVERS.kafka().bootstrapServers(), "pos-group-members", "pos-group", 3);
        String position =
                "consumerGroupId: pos-group-members\n  startupPosition: {type: group-offsets}";
        assertThat(readFrom("group", position, checkpoints))
                .containsExactlyInAnyOrder("r3 1", "r4 1");
    }

    @Test
    void latestSkipsWhatWasThere(@TempDir Path checkpoints) throws Exception {
        String topic = "pos-latest";
        produceOldAndNew(topic, "out-latest");
        JobClient job = startReading(topic, "startupPosition: {type: latest}", checkpoints);
        List<String> seen = new ArrayList<>();
        AtomicInteger late = new AtomicInteger();
        try {
            // The source may not have its partitions yet: produce until a late record comes out.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> {
                                KafkaClients.send(
                                        SERVERS.kafka().bootstrapServers(),
                                        List.of(
                                                record(
                                                        topic,
                                                        "late" + late.getAndIncrement(),
                                                        "out-latest",
                                                        System.currentTimeMillis())));
                                seen.clear();
                                seen.addAll(values("out-latest", 1, Duration.ofMillis(200)));
                                return !seen.isEmpty();
                            });
        } finally {
            TestJobs.cancel(job);
        }
        assertThat(seen).allMatch(value -> value.startsWith("late"));
    }

    @Test
    void aRestoredJobResumesAfterItsCheckpointedOffsets(@TempDir Path checkpoints)
            throws Exception {
        String topic = "resume";
        SERVERS.kafka().createTopics(1, topic, "out-resume");
        KafkaClients.send(SERVERS.kafka().bootstrapServers(), sameKey(topic, 5));
        String position = "startupPosition: {type: earliest}";
        JobClient first = startReading(topic, position, checkpoints, null);
        try {
            assertThat(values("out-resume", 5, Duration.ofSeconds(30))).hasSize(5);
            // Two more checkpoints: the last one surely covers the five records.
            long seen = checkpointNumber(checkpoints);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> checkpointNumber(checkpoints) >= seen + 2);
        } finally {
            TestJobs.cancel(first);
        }
        Path latest = RetainedCheckpoints.latest(checkpoints.toUri().toString()).orElseThrow();

        KafkaClients.send(SERVERS.kafka().bootstrapServers(), sameKey(topic, 5));
        // startupPosition says earliest, but the checkpointed offsets win, and so does the state.
        JobClient second = startReading(topic, position, checkpoints, latest.toUri().toString());
        List<String> values;
        try {
            values = values("out-resume", 10, Duration.ofSeconds(30));
        } finally {
            TestJobs.cancel(second);
        }
        List<String> expected = new ArrayList<>();
        for (int count = 1; count <= 10; count++) {
            expected.add("same " + count);
        }
        assertThat(values).containsExactlyElementsOf(expected);
    }

    @Test
    void badRecordsBecomeDeadLettersWithTheirPositionAndReason(@TempDir Path checkpoints)
            throws Exception {
        SERVERS.kafka()
                .createTopics(
                        1,
                        "bad-strings",
                        "bad-ints",
                        "bad-ghosts",
                        "dlq",
                        "out-bad",
                        KafkaTestFunctions.NUMBERS_TOPIC);
        KafkaClients.send(
                SERVERS.kafka().bootstrapServers(),
                List.of(
                        new ProducerRecord<>(
                                "bad-strings", bytes("a"), PrimitiveCodecs.encodeString("out-bad")),
                        new ProducerRecord<>(
                                "bad-strings", null, PrimitiveCodecs.encodeString("out-bad")),
                        new ProducerRecord<>("bad-ints", bytes("n"), PrimitiveCodecs.encodeInt(7)),
                        new ProducerRecord<>("bad-ints", bytes("m"), new byte[] {0x0D, 0x01}),
                        new ProducerRecord<>(
                                "bad-ghosts",
                                bytes("g"),
                                PrimitiveCodecs.encodeString("out-bad"))));
        String yaml =
                endpoint()
                        + "---\n"
                        + "kind: io.statefun.kafka.v1/ingress\n"
                        + "spec:\n"
                        + "  id: kafka/bad\n"
                        + "  address: "
                        + SERVERS.kafka().bootstrapServers()
                        + "\n"
                        + "  startupPosition: {type: earliest}\n"
                        + "  onBadRecord: dead-letter\n"
                        + "  deadLetterEgress: kafka/dlq\n"
                        + "  topics:\n"
                        + "    - topic: bad-strings\n"
                        + "      valueType: io.statefun.types/string\n"
                        + "      targets: [kafka/counter]\n"
                        + "    - topic: bad-ints\n"
                        + "      valueType: io.statefun.types/int\n"
                        + "      targets: [kafka/counter]\n"
                        + "    - topic: bad-ghosts\n"
                        + "      valueType: io.statefun.types/string\n"
                        + "      targets: [ghost/fn]\n"
                        + "---\n"
                        + egress()
                        + "---\n"
                        + "kind: io.statefun.kafka.v1/egress\n"
                        + "spec:\n"
                        + "  id: kafka/dlq\n"
                        + "  address: "
                        + SERVERS.kafka().bootstrapServers()
                        + "\n"
                        + "  deadLetterTopic: dlq\n";
        JobClient job =
                TestJobs.start(
                        ModulePlanner.plan(ModuleLoader.loadString("bad.yaml", yaml)),
                        checkpoints,
                        null,
                        2);
        List<ConsumerRecord<byte[], byte[]>> letters;
        try {
            letters =
                    KafkaClients.read(
                            SERVERS.kafka().bootstrapServers(),
                            "dlq",
                            false,
                            records -> records.size() >= 3,
                            Duration.ofSeconds(30),
                            Duration.ofMillis(500));
            assertThat(values("out-bad", 1, Duration.ofSeconds(10))).containsExactly("a 1");
            assertThat(values(KafkaTestFunctions.NUMBERS_TOPIC, 1, Duration.ofSeconds(10)))
                    .containsExactly("n int 7");
        } finally {
            TestJobs.cancel(job);
        }
        assertThat(letters).hasSize(3).allMatch(record -> record.key() == null);
        List<JsonObject> json = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            json.add(
                    JsonParser.parseString(new String(letter.value(), StandardCharsets.UTF_8))
                            .getAsJsonObject());
        }
        JsonObject noKey = find(json, "bad-strings");
        assertThat(noKey.get("ingress").getAsString()).isEqualTo("kafka/bad");
        assertThat(noKey.get("partition").getAsInt()).isZero();
        assertThat(noKey.get("offset").getAsLong()).isEqualTo(1);
        assertThat(noKey.get("reason").getAsString()).contains("has no key");
        assertThat(noKey.has("key")).isFalse();
        assertThat(Base64.getDecoder().decode(noKey.get("value").getAsString()))
                .isEqualTo(PrimitiveCodecs.encodeString("out-bad"));

        JsonObject notAnInt = find(json, "bad-ints");
        assertThat(notAnInt.get("offset").getAsLong()).isEqualTo(1);
        assertThat(notAnInt.get("reason").getAsString())
                .contains("not a valid io.statefun.types/int");
        assertThat(Base64.getDecoder().decode(notAnInt.get("key").getAsString()))
                .isEqualTo(bytes("m"));

        JsonObject ghost = find(json, "bad-ghosts");
        assertThat(ghost.get("offset").getAsLong()).isZero();
        assertThat(ghost.get("reason").getAsString())
                .contains("no endpoint serves function type ghost/fn");
    }

    @Test
    void aBadRecordFailsTheJobOnceByDefaultNamingItsPosition(@TempDir Path checkpoints)
            throws Exception {
        SERVERS.kafka().createTopics(1, "fail-in", "out-fail");
        KafkaClients.send(
                SERVERS.kafka().bootstrapServers(),
                List.of(
                        new ProducerRecord<>(
                                "fail-in", bytes("ok"), PrimitiveCodecs.encodeString("out-fail")),
                        new ProducerRecord<>(
                                "fail-in", null, PrimitiveCodecs.encodeString("out-fail"))));
        JobClient job = startReading("fail-in", "startupPosition: {type: earliest}", checkpoints);
        // With restarts suppressed the job fails at once, though the restart strategy allows 100.
        assertThatThrownBy(() -> job.getJobExecutionResult().get(30, TimeUnit.SECONDS))
                .rootCause()
                .hasMessageContaining("ingress kafka/in cannot route the record at")
                .hasMessageContaining("topic=fail-in, partition=0, offset=1")
                .hasMessageContaining("the record has no key");
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FAILED);
    }

    /** Produces r0..r4 to {@code pos-<name>}, starts the job at {@code position}, reads out. */
    private List<String> readFrom(String name, String position, Path checkpoints) throws Exception {
        String topic = "pos-" + name;
        String out = "out-" + name;
        produceOldAndNew(topic, out);
        JobClient job = startReading(topic, position, checkpoints);
        try {
            return values(out, expectedCount(name), Duration.ofSeconds(30));
        } finally {
            TestJobs.cancel(job);
        }
    }

    private static int expectedCount(String name) {
        return switch (name) {
            case "earliest" -> 5;
            case "specific" -> 4;
            default -> 2;
        };
    }

    /** r0..r2 stamped a minute ago, r3 and r4 now; each names {@code out} as its output topic. */
    private static void produceOldAndNew(String topic, String out) throws Exception {
        SERVERS.kafka().createTopics(1, topic, out);
        long now = System.currentTimeMillis();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(record(topic, "r" + i, out, i < 3 ? now - 60_000 : now));
        }
        KafkaClients.send(SERVERS.kafka().bootstrapServers(), records);
    }

    private static ProducerRecord<byte[], byte[]> record(
            String topic, String key, String out, long timestamp) {
        return new ProducerRecord<>(
                topic, 0, timestamp, bytes(key), PrimitiveCodecs.encodeString(out));
    }

    private static List<ProducerRecord<byte[], byte[]>> sameKey(String topic, int count) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(
                    new ProducerRecord<>(
                            topic, bytes("same"), PrimitiveCodecs.encodeString("out-resume")));
        }
        return records;
    }

    /** The number of the newest retained checkpoint, 0 before the first. */
    private static long checkpointNumber(Path checkpoints) {
        return RetainedCheckpoints.latest(checkpoints.toUri().toString())
                .map(path -> Long.parseLong(path.getFileName().toString().substring(4)))
                .orElse(0L);
    }

    private static JobClient startReading(String topic, String position, Path checkpoints)
            throws Exception {
        return startReading(topic, position, checkpoints, null);
    }

    private static JobClient startReading(
            String topic, String position, Path checkpoints, String restore) throws Exception {
        String yaml =
                endpoint()
                        + "---\n"
                        + "kind: io.statefun.kafka.v1/ingress\n"
                        + "spec:\n"
                        + "  id: kafka/in\n"
                        + "  address: "
                        + SERVERS.kafka().bootstrapServers()
                        + "\n"
                        + "  "
                        + position
                        + "\n"
                        + "  topics:\n"
                        + "    - topic: "
                        + topic
                        + "\n"
                        + "      valueType: io.statefun.types/string\n"
                        + "      targets: [kafka/counter]\n"
                        + "---\n"
                        + egress();
        return TestJobs.start(
                ModulePlanner.plan(ModuleLoader.loadString(topic + ".yaml", yaml)),
                checkpoints,
                restore,
                2);
    }

    private static String endpoint() {
        return "kind: io.statefun.endpoints.v2/http\n"
                + "spec:\n"
                + "  functions: kafka/*\n"
                + "  urlPathTemplate: "
                + SERVERS.functions().url("http", "/{function.name}")
                + "\n";
    }

    private static String egress() {
        return "kind: io.statefun.kafka.v1/egress\n"
                + "spec:\n"
                + "  id: kafka/out\n"
                + "  address: "
                + SERVERS.kafka().bootstrapServers()
                + "\n";
    }

    /** The values of {@code topic} once at least {@code count} arrived, plus a short settle. */
    private static List<String> values(String topic, int count, Duration timeout) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaClients.read(
                        SERVERS.kafka().bootstrapServers(),
                        topic,
                        false,
                        records -> records.size() >= count,
                        timeout,
                        Duration.ofMillis(500))) {
            values.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static JsonObject find(List<JsonObject> letters, String topic) {
        return letters.stream()
                .filter(letter -> letter.get("topic").getAsString().equals(topic))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter from " + topic));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
