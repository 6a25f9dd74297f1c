package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ferry.invokers.AwsCredentials;
import dev.ferry.invokers.http.SdkFunctionServer;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.embedded.RetainedCheckpoints;
import dev.ferry.runtime.module.AwsRegion;
import dev.ferry.runtime.module.BadRecordPolicy;
import dev.ferry.runtime.module.IngressRoute;
import dev.ferry.runtime.module.KinesisEgressSpec;
import dev.ferry.runtime.module.KinesisIngressSpec;
import dev.ferry.runtime.module.KinesisIngressSpec.StartupPosition;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleBuilder;
import dev.ferry.runtime.module.ModuleLoader;
import dev.ferry.runtime.module.RetrySpec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kinesis ingress and egress against kinesis-local: a round trip through a remote function, a
 * cancelled job that resumes from the sequence numbers of its last checkpoint, and bad records
 * dead-lettered or failing the job.
 */
class KinesisITCase {
    private static final int KEYS = 10;
    private static final int PER_KEY = 5;

    /** How long Kinesis stays silent in the outage tests: several of the reads' 2 s timeouts. */
    private static final Duration SILENCE = Duration.ofSeconds(8);

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    @TempDir static Path work;

    private static KinesisLocal kinesis;
    private static SdkFunctionServer functions;

    @BeforeAll
    static void start() throws Exception {
        kinesis =
                KinesisLocal.start(
                        work,
                        "in-a:2",
                        "out-a:2",
                        "in-b1:1",
                        "in-b2:1",
                        "out-b:1",
                        "dl-b:1",
                        "in-c:1",
                        "out-c:1",
                        "in-short:1",
                        "out-short:1",
                        "in-long:1",
                        "out-long:1");
        functions = new SdkFunctionServer(KinesisFunctions.all("a", "b", "c", "short", "long"));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (functions != null) {
                functions.close();
            }
        } finally {
            if (kinesis != null) {
                kinesis.close();
            }
        }
    }

    /** Runs StateFun's own form of a Kinesis module, unchanged but for the addresses. */
    @Test
    void roundTripThenResumeFromTheCheckpointedSequenceNumbers(@TempDir Path checkpoints)
            throws Exception {
        putStrings("in-a", 0);
        Module module =
                withAddresses("statefun-example.yaml", text("/kinesis/statefun-example.yaml"));
        JobClient first = TestJobs.start(ModulePlanner.plan(module), checkpoints, null, 2);
        String afterFirst;
        try {
            awaitOutput("out-a", expected(PER_KEY));
            afterFirst = awaitCheckpointAfterNow(checkpoints);
        } finally {
            TestJobs.cancel(first);
        }
        // Written while no job runs: only a job that resumes from the checkpoint sees them once.
        putStrings("in-a", PER_KEY);

        JobClient second = TestJobs.start(ModulePlanner.plan(module), checkpoints, afterFirst, 2);
        try {
            awaitOutput("out-a", expected(2 * PER_KEY));
        } finally {
            TestJobs.cancel(second);
        }
        List<KinesisLocal.Read> out = kinesis.readAll("out-a");
        assertThat(out.stream().map(KinesisLocal.Read::utf8).collect(Collectors.toSet()))
                .as("every key counted each record once: no count above %d", 2 * PER_KEY)
                .isEqualTo(expected(2 * PER_KEY));
        assertThat(out)
                .as("explicit hash key 0 puts every record on the first shard")
                .allSatisfy(r -> assertThat(r.shardId()).isEqualTo("shardId-000000000000"));
        assertThat(out).allSatisfy(r -> assertThat(r.utf8()).startsWith(r.partitionKey() + " "));
    }

    /**
     * Kinesis stops answering in the middle of a stream (the process paused: connections are
     * accepted, requests wait) for eight seconds, with StateFun's example settings but a 2 s socket
     * timeout: the consumer's retries outlast it, the job carries on without a restart, and every
     * record is counted once.
     */
    @Test
    void aShortSilenceCostsNoRestartAndLosesNothing(
            @TempDir Path checkpoints, @InjectMiniCluster MiniCluster cluster) throws Exception {
        int failures = runThroughSilence("short", "", checkpoints, cluster);

        assertThat(failures).as("failures the job restarted from").isZero();
    }

    /**
     * The same silence with the reads' retries turned off: the consumer's first read that times out
     * fails the job, which restarts from its last checkpoint (and again while Kinesis is still
     * silent); once Kinesis answers, every record is counted once and none is lost.
     */
    @Test
    void aSilenceLongerThanTheReadsRetriesRestartsTheJobAndLosesNothing(
            @TempDir Path checkpoints, @InjectMiniCluster MiniCluster cluster) throws Exception {
        String noRetries =
                """
                    - MaxErrorRetry: 0
                    - flink.shard.getrecords.maxretries: 0
                """;
        int failures = runThroughSilence("long", noRetries, checkpoints, cluster);

        assertThat(failures).as("failures the job restarted from").isPositive();
    }

    /**
     * Runs StateFun's example module on streams {@code in-<name>} and {@code out-<name>} (socket
     * timeout 2 s, {@code ingressSettings} added to the ingress's client properties) over input in
     * three parts: the first written out before Kinesis goes silent, the second on its way when it
     * does, the third sent once it answers again; asserts that the output holds every count once
     * and no higher one (the egress is at-least-once, so a record may come twice, never with
     * another count), and returns how often the job failed.
     */
    private static int runThroughSilence(
            String name, String ingressSettings, Path checkpoints, MiniCluster cluster)
            throws Exception {
        String in = "in-" + name;
        String out = "out-" + name;
        putStrings(in, 0);
        String yaml =
                text("/kinesis/statefun-example.yaml")
                        .replace("stream: in-a", "stream: " + in)
                        .replace("test/count-a", "test/count-" + name)
                        .replace(
                                "    - SocketTimeout: 9999\n",
                                "    - SocketTimeout: 2000\n" + ingressSettings);
        Module module = withAddresses(name + ".yaml", yaml);
        JobClient job = TestJobs.start(ModulePlanner.plan(module), checkpoints, null, 2);
        int failures;
        try {
            awaitOutput(out, expected(PER_KEY));
            putStrings(in, PER_KEY);
            kinesis.pause();
            try {
                // The silence itself: Kinesis stays paused this long whatever the job does.
                Thread.sleep(SILENCE.toMillis());
            } finally {
                kinesis.resume();
            }
            putStrings(in, 2 * PER_KEY);
            awaitOutput(out, expected(3 * PER_KEY));
            failures = JobFailures.count(cluster, job.getJobID());
        } finally {
            TestJobs.cancel(job);
        }
        assertThat(
                        kinesis.readAll(out).stream()
                                .map(KinesisLocal.Read::utf8)
                                .collect(Collectors.toSet()))
                .as("every key counted each record once: no count above %d", 3 * PER_KEY)
                .isEqualTo(expected(3 * PER_KEY));
        return failures;
    }

    @Test
    void badRecordsGoToTheDeadLetterStream(@TempDir Path checkpoints) throws Exception {
        kinesis.put("in-b1", "k1", PrimitiveCodecs.encodeInt(7));
        kinesis.put("in-b1", "k1", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        kinesis.put("in-b2", "k2", PrimitiveCodecs.encodeString("for nobody"));
        kinesis.put("in-b1", "k1", PrimitiveCodecs.encodeInt(8));
        Module module =
                module(
                        ingress(
                                "test/in-b",
                                List.of(
                                        route("in-b1", WellKnownTypes.INT, "test/count-b"),
                                        route("in-b2", WellKnownTypes.STRING, "nobody/here")),
                                BadRecordPolicy.deadLetter(TypeName.parse("test/dead-letters"))),
                        new KinesisEgressSpec(
                                TypeName.parse("test/dead-letters"),
                                region(),
                                credentials(),
                                KinesisEgressSpec.DEFAULT_MAX_OUTSTANDING_RECORDS,
                                Map.of(),
                                "dl-b"));
        JobClient job = TestJobs.start(ModulePlanner.plan(module), checkpoints, null, 2);
        List<JsonObject> letters;
        try {
            awaitOutput("out-b", Set.of("k1 1", "k1 2"));
            letters = awaitDeadLetters("dl-b", 2);
        } finally {
            TestJobs.cancel(job);
        }
        assertThat(letters)
                .anySatisfy(
                        letter -> {
                            assertThat(letter.get("ingress").getAsString()).isEqualTo("test/in-b");
                            assertThat(letter.get("stream").getAsString()).isEqualTo("in-b1");
                            assertThat(letter.get("shard").getAsString())
                                    .isEqualTo("shardId-000000000000");
                            assertThat(letter.get("sequenceNumber").getAsString()).isNotEmpty();
                            assertThat(letter.get("reason").getAsString())
                                    .contains("not a valid io.statefun.types/int");
                            assertThat(Base64.getDecoder().decode(letter.get("key").getAsString()))
                                    .asString()
                                    .isEqualTo("k1");
                            assertThat(
                                            Base64.getDecoder()
                                                    .decode(letter.get("value").getAsString()))
                                    .containsExactly(0xff, 0xff, 0xff);
                        })
                .anySatisfy(
                        letter -> {
                            assertThat(letter.get("stream").getAsString()).isEqualTo("in-b2");
                            assertThat(letter.get("reason").getAsString())
                                    .contains("no endpoint serves function type nobody/here");
                        });
    }

    @Test
    void aBadRecordFailsTheJobByDefaultNamingWhereItIs(@TempDir Path checkpoints) throws Exception {
        kinesis.put("in-c", "k1", PrimitiveCodecs.encodeInt(1));
        kinesis.put("in-c", "k1", new byte[] {(byte) 0xff, (byte) 0xff});
        Module module =
                module(
                        ingress(
                                "test/in-c",
                                List.of(route("in-c", WellKnownTypes.INT, "test/count-c")),
                                BadRecordPolicy.fail()),
                        null);
        JobClient job = TestJobs.start(ModulePlanner.plan(module), checkpoints, null, 2);
        assertThatThrownBy(() -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("ingress test/in-c cannot route the record")
                                        .contains("stream=in-c")
                                        .contains("shard=shardId-000000000000")
                                        .contains("sequenceNumber=")
                                        .contains("not a valid io.statefun.types/int"));
    }

    // ---------------------------------------------------------------------------------------

    private static Module module(KinesisIngressSpec ingress, KinesisEgressSpec extraEgress) {
        ModuleBuilder builder =
                ModuleBuilder.create()
                        .endpoint(
                                ModuleBuilder.http(
                                        "test/*",
                                        functions.url("http", "/{function.name}"),
                                        Duration.ofSeconds(5),
                                        RetrySpec.defaults()))
                        .ingress(ingress)
                        .egress(
                                new KinesisEgressSpec(
                                        TypeName.parse("test/kinesis-out"),
                                        region(),
                                        credentials(),
                                        KinesisEgressSpec.DEFAULT_MAX_OUTSTANDING_RECORDS,
                                        // A producer-library setting StateFun modules carry:
                                        // ignored.
                                        Map.of("ThreadingModel", "POOLED"),
                                        null));
        if (extraEgress != null) {
            builder.egress(extraEgress);
        }
        return builder.build();
    }

    /** A module text with {@code ${env:FUNCTIONS_URL}} and {@code ${env:KINESIS_ENDPOINT}}. */
    private static Module withAddresses(String fileName, String yaml) throws Exception {
        return ModuleLoader.loadString(
                fileName,
                yaml,
                name ->
                        switch (name) {
                            case "FUNCTIONS_URL" -> functions.url("http", "");
                            case "KINESIS_ENDPOINT" -> kinesis.endpoint();
                            default -> null;
                        });
    }

    private static String text(String resource) throws Exception {
        try (InputStream in = KinesisITCase.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static KinesisIngressSpec ingress(
            String id, List<IngressRoute> routes, BadRecordPolicy badRecords) {
        return new KinesisIngressSpec(
                TypeName.parse(id),
                region(),
                credentials(),
                new StartupPosition(StartupPosition.Type.EARLIEST, null),
                routes,
                // A StateFun client setting and a connector property, both applied.
                Map.of("SocketTimeout", "10000", "flink.shard.getrecords.intervalmillis", "50"),
                badRecords);
    }

    private static IngressRoute route(String stream, String valueType, String target) {
        return new IngressRoute(stream, valueType, List.of(TypeName.parse(target)));
    }

    private static AwsRegion region() {
        return new AwsRegion(
                AwsRegion.Type.CUSTOM_ENDPOINT, KinesisLocal.REGION, kinesis.endpoint());
    }

    private static AwsCredentials credentials() {
        return AwsCredentials.staticKeys(KinesisLocal.ACCESS_KEY, KinesisLocal.SECRET_KEY);
    }

    /** {@link #PER_KEY} records for each key, values numbered from {@code from}. */
    private static void putStrings(String stream, int from) {
        for (int n = from; n < from + PER_KEY; n++) {
            for (int key = 0; key < KEYS; key++) {
                kinesis.put(stream, "k" + key, PrimitiveCodecs.encodeString("record " + n));
            }
        }
    }

    /** {@code "k<key> <count>"} for every key and every count up to {@code upTo}. */
    private static Set<String> expected(int upTo) {
        Set<String> expected = new HashSet<>();
        for (int key = 0; key < KEYS; key++) {
            for (int count = 1; count <= upTo; count++) {
                expected.add("k" + key + " " + count);
            }
        }
        return expected;
    }

    private static void awaitOutput(String stream, Set<String> expected) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () ->
                                assertThat(
                                                kinesis.readAll(stream).stream()
                                                        .map(KinesisLocal.Read::utf8)
                                                        .collect(Collectors.toSet()))
                                        .containsAll(expected));
    }

    private static List<JsonObject> awaitDeadLetters(String stream, int count) {
        List<JsonObject> letters = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            letters.clear();
                            kinesis.readAll(stream)
                                    .forEach(
                                            r ->
                                                    letters.add(
                                                            JsonParser.parseString(r.utf8())
                                                                    .getAsJsonObject()));
                            return letters.size() >= count;
                        });
        return letters;
    }

    /**
     * Waits for a checkpoint that started after this call (two completions after the latest one
     * now), and returns its location.
     */
    private static String awaitCheckpointAfterNow(Path checkpoints) {
        String dir = checkpoints.toUri().toString();
        long now = RetainedCheckpoints.latest(dir).map(KinesisITCase::number).orElse(0L);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () ->
                                RetainedCheckpoints.latest(dir)
                                                .map(KinesisITCase::number)
                                                .orElse(0L)
                                        >= now + 2);
        return RetainedCheckpoints.latest(dir).orElseThrow().toUri().toString();
    }

    private static long number(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring("chk-".length()));
    }
}
