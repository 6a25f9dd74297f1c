package dev.ferry.runtime.core;

import dev.ferry.testkit.FreePort;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.SdkBytes;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.http.apache.ApacheHttpClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.regions.Region;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.KinesisClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Shard;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * kinesis-local (the npm build of kinesis-mock) as a child process on free loopback ports, with
 * streams created at start. The package is installed by {@code .ci/run}; the build passes the path
 * of its {@code main.js} in the system property {@value #PROPERTY}.
 */
final class KinesisLocal implements AutoCloseable {
    static final String PROPERTY = "ferry.test.kinesis-local";
    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "test-access-key";
    static final String SECRET_KEY = "test-secret-key";

    private final Process process;
    private final int port;
    private final Path log;
    private final KinesisClient client;

    private KinesisLocal(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.client =
                KinesisClient.builder()
                        .endpointOverride(URI.create(endpoint()))
                        .region(Region.of(REGION))
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .build();
    }

    /**
     * Starts kinesis-local with the given streams, each {@code name:shards}, and waits until they
     * are active.
     */
    static KinesisLocal start(Path workDir, String... streams) throws Exception {
        Path mainJs = mainJs();
        int plainPort = FreePort.onLoopback();
        int tlsPort = FreePort.onLoopback();
        Path log = workDir.resolve("kinesis-local-" + plainPort + ".log");
        ProcessBuilder builder =
                new ProcessBuilder("node", mainJs.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plainPort));
        env.put("KINESIS_MOCK_TLS_PORT", Integer.toString(tlsPort));
        env.put("KINESIS_MOCK_CERT_PATH", mainJs.resolveSibling("server.json").toString());
        env.put("CREATE_STREAM_DURATION", "0ms");
        env.put("AWS_REGION", REGION);
        env.put("INITIALIZE_STREAMS", String.join(",", streams));
        env.put("LOG_LEVEL", "WARN");
        Process process = builder.start();
        KinesisLocal local = new KinesisLocal(process, plainPort, log);
        try {
            local.awaitActive(streams, Duration.ofSeconds(30));
        } catch (Exception | AssertionError e) {
            local.close();
            throw e;
        }
        return local;
    }

    private static Path mainJs() {
        String configured = System.getProperty(PROPERTY);
        Path path =
                configured != null
                        ? Paths.get(configured)
                        : Paths.get("../tools/kinesis-local/node_modules/kinesis-local/main.js");
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(
                    "kinesis-local is not installed at "
                            + path.toAbsolutePath()
                            + "; run `npm ci --prefix tools/kinesis-local` in the repository (.ci/run"
                            + " does), or point -D"
                            + PROPERTY
                            + " at its main.js");
        }
        return path;
    }

    private void awaitActive(String[] streams, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> pending = new ArrayList<>();
        for (String stream : streams) {
            pending.add(stream.split(":")[0]);
        }
        while (!pending.isEmpty()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "kinesis-local exited with " + process.exitValue() + ": " + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "kinesis-local did not make streams " + pending + " active: " + log());
            }
            try {
                pending.removeIf(
                        stream ->
                                client.describeStreamSummary(r -> r.streamName(stream))
                                                .streamDescriptionSummary()
                                                .streamStatus()
                                        == StreamStatus.ACTIVE);
            } catch (RuntimeException notYet) {
                // not listening yet, or the stream is still being created
            }
            if (!pending.isEmpty()) {
                Thread.sleep(100);
            }
        }
    }

    /**
     * Stops the server answering without closing anything (SIGSTOP): connections are still
     * accepted, requests wait, as when a service hangs or the network drops its packets.
     */
    void pause() throws Exception {
        signal("STOP");
    }

    /**
     * Lets a {@link #pause() paused} server answer again (SIGCONT), with every stream as it was.
     */
    void resume() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    void put(String stream, String partitionKey, byte[] data) {
        client.putRecord(
                r ->
                        r.streamName(stream)
                                .partitionKey(partitionKey)
                                .data(SdkBytes.fromByteArray(data)));
    }

    /** A record read back, with the shard it was read from. */
    record Read(String shardId, String partitionKey, byte[] data) {
        String utf8() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** Every record currently in the stream, shard by shard from the oldest. */
    List<Read> readAll(String stream) {
        List<Read> all = new ArrayList<>();
        for (Shard shard : client.listShards(r -> r.streamName(stream)).shards()) {
            String iterator =
                    client.getShardIterator(
                                    r ->
                                            r.streamName(stream)
                                                    .shardId(shard.shardId())
                                                    .shardIteratorType(
                                                            ShardIteratorType.TRIM_HORIZON))
                            .shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse response =
                        client.getRecords(r -> r.shardIterator(current).limit(1000));
                for (Record record : response.records()) {
                    all.add(
                            new Read(
                                    shard.shardId(),
                                    record.partitionKey(),
                                    record.data().asByteArray()));
                }
                if (response.records().isEmpty()) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        return all;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            client.close();
        } finally {
            // SIGKILL: it ends a paused process too.
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
