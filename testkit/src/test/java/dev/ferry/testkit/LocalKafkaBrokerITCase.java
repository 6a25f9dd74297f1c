package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The in-JVM broker: settings applied, topics created, a committed transaction read back; stopped
 * and started again with its log.
 */
class LocalKafkaBrokerITCase {

    @Test
    void servesTransactionsWithItsSettings() throws Exception {
        long started = System.nanoTime();
        try (LocalKafkaBroker kafka =
                LocalKafkaBroker.start(Map.of("transaction.max.timeout.ms", "60000"))) {
            System.out.printf(
                    "LocalKafkaBroker ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            kafka.createTopics(3, "t");
            kafka.createTopics(3, "t"); // existing topics are left alone

            Properties admin = new Properties();
            admin.setProperty("bootstrap.servers", kafka.bootstrapServers());
            try (Admin client = Admin.create(admin)) {
                assertThat(client.describeTopics(List.of("t")).allTopicNames().get())
                        .extractingByKey("t")
                        .satisfies(topic -> assertThat(topic.partitions()).hasSize(3));
                ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
                assertThat(
                                client.describeConfigs(List.of(broker))
                                        .all()
                                        .get()
                                        .get(broker)
                                        .get("transaction.max.timeout.ms")
                                        .value())
                        .isEqualTo("60000");
            }

            commitOne(kafka, "t", "k", "v");

            List<ConsumerRecord<String, String>> read = readCommitted(kafka, "t", 1);
            assertThat(read).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo("v"));
            assertThat(new String(read.get(0).key().getBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("k");
        }
    }

    @Test
    void aStoppedBrokerStartsAgainOnItsPortWithItsLog() throws Exception {
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start()) {
            kafka.createTopics(1, "kept");
            commitOne(kafka, "kept", "k", "before");

            kafka.stop();
            Properties admin = new Properties();
            admin.setProperty("bootstrap.servers", kafka.bootstrapServers());
            Admin client = Admin.create(admin);
            try {
                assertThat(client.describeCluster().nodes())
                        .as("a request to the stopped broker")
                        .failsWithin(Duration.ofSeconds(3));
            } finally {
                client.close(Duration.ZERO); // the request would wait for its 60 s timeout
            }
            kafka.stop(); // stopping a stopped broker does nothing

            kafka.startAgain();
            commitOne(kafka, "kept", "k", "after");
            assertThat(readCommitted(kafka, "kept", 2))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("before", "after");
            assertThatThrownBy(kafka::startAgain)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is running");
        }
    }

    /** Writes one record to {@code topic} in a committed transaction. */
    private static void commitOne(LocalKafkaBroker kafka, String topic, String key, String value) {
        Properties producer = new Properties();
        producer.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producer.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "local-test");
        try (KafkaProducer<String, String> out =
                new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
            out.initTransactions();
            out.beginTransaction();
            out.send(new ProducerRecord<>(topic, key, value));
            out.commitTransaction();
        }
    }

    /** Reads {@code topic} from the start, {@code read_committed}, until it has {@code count}. */
    private static List<ConsumerRecord<String, String>> readCommitted(
            LocalKafkaBroker kafka, String topic, int count) {
        Properties consumer = new Properties();
        consumer.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        consumer.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "local-test-" + topic);
        consumer.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> in =
                new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
            in.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < count && System.nanoTime() < deadline) {
                in.poll(Duration.ofMillis(100)).forEach(read::add);
            }
        }
        return read;
    }
}
