package dev.ferry.examples.fraud.demo;

import dev.ferry.examples.fraud.types.ConfirmedFraud;
import dev.ferry.examples.fraud.types.JsonType;
import dev.ferry.examples.fraud.types.Transaction;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the demo's input to Kafka on its own thread: first the fraud history, then, once the job
 * has taken all of it in, the transactions at a steady rate.
 *
 * <p>Waiting for the history keeps the demo's results exact: the job commits its Kafka offsets when
 * a checkpoint completes, and a checkpoint that covers a report was taken after the report reached
 * its fraud-count function. Any later question to that function queues behind it.
 */
final class TransactionFeeder implements AutoCloseable {
    private final DemoApplication app;
    private final DemoInput input;
    private final long transactions;
    private final double ratePerSecond;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean historyTaken;
    private volatile boolean stopped;

    /**
     * @param transactions how many to write, or 0 to go on until closed
     * @param ratePerSecond transactions per second, or 0 for as fast as the broker takes them
     */
    TransactionFeeder(
            DemoApplication app, DemoInput input, long transactions, double ratePerSecond) {
        this.app = app;
        this.input = input;
        this.transactions = transactions;
        this.ratePerSecond = ratePerSecond;
        this.thread = new Thread(this::run, "demo-feeder");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Transactions the broker has acknowledged. */
    long sent() {
        return sent.get();
    }

    boolean historyTaken() {
        return historyTaken;
    }

    boolean finished() {
        return !thread.isAlive();
    }

    Throwable failure() {
        return failure.get();
    }

    private void run() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<ConfirmedFraud> history = input.history();
            app.expectReports(history.size());
            for (ConfirmedFraud report : history) {
                producer.send(
                        new ProducerRecord<>(
                                DemoApplication.CONFIRMED_FRAUD_TOPIC,
                                report.account(),
                                JsonType.toJson(report)));
            }
            producer.flush();
            while (!stopped && app.reportsDelivered() < history.size()) {
                Thread.sleep(20);
            }
            historyTaken = true;

            long start = System.nanoTime();
            for (long i = 0; !stopped && (transactions == 0 || i < transactions); i++) {
                if (ratePerSecond > 0) {
                    long due = start + (long) (i * 1e9 / ratePerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait); // pacing the stream, not a wait
                    }
                }
                Transaction transaction = input.transaction(i);
                producer.send(
                        new ProducerRecord<>(
                                DemoApplication.TRANSACTIONS_TOPIC,
                                transaction.id(),
                                JsonType.toJson(transaction)),
                        (metadata, error) -> {
                            if (error == null) {
                                sent.incrementAndGet();
                            } else {
                                failure.compareAndSet(null, error);
                            }
                        });
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
