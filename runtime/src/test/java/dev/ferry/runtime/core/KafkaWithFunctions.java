package dev.ferry.runtime.core;

import dev.ferry.invokers.http.SdkFunctionServer;
import dev.ferry.testkit.LocalKafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The servers of a Kafka test class, started once for the class: a KRaft broker with the class's
 * topics and the SDK test functions ({@link KafkaTestFunctions}) on loopback HTTP. Register it as a
 * static field with {@code @RegisterExtension}; both stop after the class, each even if the other
 * fails to.
 */
final class KafkaWithFunctions implements BeforeAllCallback, AfterAllCallback {
    private final int partitions;
    private final String[] topics;
    private LocalKafkaBroker kafka;
    private SdkFunctionServer functions;

    /**
     * @param partitions partitions of each topic
     * @param topics created before the class's tests; none: the tests create their own
     */
    KafkaWithFunctions(int partitions, String... topics) {
        this.partitions = partitions;
        this.topics = topics.clone();
    }

    /** A broker without topics: each test creates what it reads and writes. */
    static KafkaWithFunctions withoutTopics() {
        return new KafkaWithFunctions(1);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka = LocalKafkaBroker.start();
        if (topics.length > 0) {
            kafka.createTopics(partitions, topics);
        }
        functions = new SdkFunctionServer(KafkaTestFunctions.all());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try (AutoCloseable k = kafka;
                AutoCloseable f = functions) {
            // Closed in reverse order, each even if the other fails; a null one is skipped.
        }
    }

    /**
     * StateFun's example module ({@code kafka/statefun-example.yaml}: Kafka in, the test functions,
     * Kafka out exactly-once) as its text, with its {@code ${env:...}} references still in it.
     */
    static String exampleModule() throws IOException {
        try (InputStream in =
                KafkaWithFunctions.class.getResourceAsStream("/kafka/statefun-example.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The example module's variables: these servers' addresses. */
    String variable(String name) {
        return switch (name) {
            case "FUNCTIONS_URL" -> functions.url("http", "");
            case "KAFKA_ADDRESS" -> kafka.bootstrapServers();
            default -> null;
        };
    }

    LocalKafkaBroker kafka() {
        return kafka;
    }

    SdkFunctionServer functions() {
        return functions;
    }
}
