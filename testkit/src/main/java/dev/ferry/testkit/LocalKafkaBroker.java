package dev.ferry.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.MetaProperties;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.server.common.MetadataVersion;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one) inside this JVM, for {@code
 * ferry demo} and tests. It listens on a free port of 127.0.0.1, keeps its log in a temporary
 * directory that {@link #close()} deletes, and is set up for one node: replication factor 1 for the
 * offsets and transaction logs, no initial rebalance delay. Transactions (exactly-once egress)
 * work; the broker's {@code transaction.max.timeout.ms} is Kafka's default of 15 minutes unless
 * overridden.
 *
 * <pre>{@code
 * try (LocalKafkaBroker kafka = LocalKafkaBroker.start()) {
 *     kafka.createTopics(1, "in", "out");
 *     String servers = kafka.bootstrapServers(); // "127.0.0.1:<port>"
 * }
 * }</pre>
 *
 * <p>Needs {@code org.apache.kafka:kafka_2.13} on the class path: an optional dependency of the
 * runtime, so applications running on a cluster do not inherit a broker.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT_ATTEMPTS = 3;

    private final KafkaConfig config;
    private final Path directory;
    private final String bootstrapServers;
    private KafkaRaftServer server;

    private LocalKafkaBroker(
            KafkaConfig config, KafkaRaftServer server, Path directory, String bootstrapServers) {
        this.config = config;
        this.server = server;
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker with the default settings and waits until it accepts requests. */
    public static LocalKafkaBroker start() throws IOException {
        return start(Map.of());
    }

    /**
     * Starts a broker, with {@code overrides} applied over its settings (for example {@code
     * transaction.max.timeout.ms}), and waits until it accepts requests.
     */
    public static LocalKafkaBroker start(Map<String, String> overrides) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            Path directory = Files.createTempDirectory("ferry-kafka-");
            try {
                return startIn(directory, overrides);
            } catch (RuntimeException e) {
                deleteRecursively(directory);
                // Another process may have taken a port between choosing and binding it.
                last = new IOException("the local Kafka broker did not start", e);
            }
        }
        throw last;
    }

    private static LocalKafkaBroker startIn(Path directory, Map<String, String> overrides)
            throws IOException {
        int port = FreePort.onLoopback();
        int controllerPort = FreePort.onLoopback();
        Path logs = directory.resolve("logs");
        Map<String, String> settings = new HashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        settings.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("log.dirs", logs.toString());
        settings.put("num.partitions", "1");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "5");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "5");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        settings.putAll(overrides);
        Properties properties = new Properties();
        properties.putAll(settings);
        KafkaConfig config = KafkaConfig.fromProps(properties, false);

        int formatted =
                StorageTool.formatCommand(
                        new PrintStream(PrintStream.nullOutputStream()),
                        CollectionConverters.asScala(List.of(logs.toString())).toSeq(),
                        MetaProperties.apply(Uuid.randomUuid().toString(), 1),
                        MetadataVersion.latest(),
                        false);
        if (formatted != 0) {
            throw new IllegalStateException("formatting " + logs + " failed (" + formatted + ")");
        }
        String bootstrap = "127.0.0.1:" + port;
        return new LocalKafkaBroker(config, startServer(config, bootstrap), directory, bootstrap);
    }

    private static KafkaRaftServer startServer(KafkaConfig config, String bootstrap)
            throws IOException {
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM, Option.apply(null));
        try {
            server.startup();
            awaitReady(bootstrap);
        } catch (RuntimeException | IOException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        return server;
    }

    /** {@code 127.0.0.1:<port>}: the value of {@code bootstrap.servers} (or a module's address). */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates topics with {@code partitions} partitions each (replication factor 1); topics that
     * exist already are left as they are.
     */
    public void createTopics(int partitions, String... topics) {
        List<NewTopic> creations = new ArrayList<>();
        for (String topic : topics) {
            creations.add(new NewTopic(topic, partitions, (short) 1));
        }
        try (Admin admin = admin()) {
            for (var result : admin.createTopics(creations).values().values()) {
                try {
                    result.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("creating topics failed", e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("creating topics timed out", e);
        }
    }

    /**
     * Stops the broker as an outage would, keeping its log and its ports: clients see it gone until
     * {@link #startAgain()}. Does nothing when it is stopped already.
     */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /**
     * Starts a stopped broker again on the same ports with the log it had (topics, committed
     * offsets and open transactions included), and waits until it accepts requests.
     */
    public synchronized void startAgain() throws IOException {
        if (server != null) {
            throw new IllegalStateException("the broker at " + bootstrapServers + " is running");
        }
        server = startServer(config, bootstrapServers);
    }

    /** Stops the broker and deletes its log directory. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            deleteRecursively(directory);
        }
    }

    private Admin admin() {
        return admin(bootstrapServers);
    }

    private static Admin admin(String bootstrap) {
        Properties properties = new Properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(properties);
    }

    /** Waits until the broker answers and has registered with its controller. */
    private static void awaitReady(String bootstrap) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = admin(bootstrap)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("the local Kafka broker did not become ready", e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the local Kafka broker did not become ready");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the local Kafka broker", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + directory, e);
        }
    }
}
