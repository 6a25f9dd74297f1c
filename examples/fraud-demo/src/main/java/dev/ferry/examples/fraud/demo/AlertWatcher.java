package dev.ferry.examples.fraud.demo;

import dev.ferry.examples.fraud.types.Alert;
import dev.ferry.examples.fraud.types.JsonType;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the {@code alerts} topic as a downstream application would, {@code read_committed}: it sees
 * each alert once, when the checkpoint that produced it completes.
 */
final class AlertWatcher implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<Alert> onAlert;
    private final AtomicLong received = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopped;

    AlertWatcher(String bootstrapServers, Consumer<Alert> onAlert) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.onAlert = onAlert;
        this.thread = new Thread(this::run, "demo-alerts");
        thread.setDaemon(true);
    }

    void start() {
        TopicPartition partition = new TopicPartition(DemoApplication.ALERTS_TOPIC, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        thread.start();
    }

    long received() {
        return received.get();
    }

    Throwable failure() {
        return failure.get();
    }

    private void run() {
        try {
            while (!stopped) {
                for (ConsumerRecord<String, byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    received.incrementAndGet();
                    onAlert.accept(JsonType.fromJson(record.value(), Alert.class));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
