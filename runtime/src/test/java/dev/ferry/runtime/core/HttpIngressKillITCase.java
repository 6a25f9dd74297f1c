package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.testkit.FerryRunProcess;
import dev.ferry.testkit.FreePort;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable HTTP ingress survives SIGKILL exactly-once: clients send counted messages to {@code
 * ferry run} (its own JVM) with an {@code Idempotency-Key} each and retry until they get {@code
 * 202}; the runtime is killed while requests are accepted and not yet answered, and {@code ferry
 * run --restore latest} takes over on the same port. Every message's count reaches Kafka ({@code
 * read_committed}) exactly once: none acknowledged is lost, none retried is counted twice. The job
 * runs at parallelism 2, the ingress's server in its one source subtask.
 */
class HttpIngressKillITCase {
    private static final int KEYS = 10;
    private static final int CLIENTS = 4;
    private static final int TOTAL = 400;
    private static final int BEFORE_KILL = 120;
    private static final String TOKEN = "kill-test-token";

    @RegisterExtension static final KafkaWithFunctions SERVERS = new KafkaWithFunctions(2, "out");

    @Test
    void everyAcknowledgedMessageCountsOnceAcrossASigkill(@TempDir Path dir) throws Exception {
        int port = FreePort.onLoopback();
        Path module = dir.resolve("module.yaml");
        Files.writeString(
                module,
                resource("/http/durable-counter.yaml")
                        .replace("INGRESS_PORT", Integer.toString(port)));
        Path checkpoints = dir.resolve("checkpoints");
        Map<String, String> env =
                Map.of(
                        "FUNCTIONS_URL", SERVERS.functions().url("http", ""),
                        "KAFKA_ADDRESS", SERVERS.kafka().bootstrapServers(),
                        "INGRESS_TOKEN", TOKEN);
        List<String> run =
                List.of(
                        module.toString(),
                        "--checkpoint-dir",
                        checkpoints.toUri().toString(),
                        "--checkpoint-interval",
                        "500ms",
                        // The ingress runs in one subtask; the functions' operator in two.
                        "--parallelism",
                        "2");
        RetryingClients clients = new RetryingClients(port);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try (FerryRunProcess first = FerryRunProcess.start(run, env, dir.resolve("first.log"))) {
            List<Future<?>> sending = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int from = client;
                sending.add(pool.submit(() -> clients.sendEvery(from, CLIENTS)));
            }
            await("acknowledged requests before the kill")
                    .atMost(Duration.ofSeconds(150))
                    .pollInterval(Duration.ofMillis(20))
                    .failFast(
                            "the runtime process ended:\n" + first.output(), () -> !first.isAlive())
                    .until(() -> clients.acknowledged.size() >= BEFORE_KILL);
            await("requests accepted and not yet answered")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> clients.waiting.get() >= CLIENTS);
            int acknowledgedAtKill = clients.acknowledged.size();
            assertThat(first.kill()).as("exit code after SIGKILL").isEqualTo(128 + 9);
            assertThat(acknowledgedAtKill).isLessThan(TOTAL);

            List<String> resume = new ArrayList<>(run);
            resume.addAll(List.of("--restore", "latest"));
            try (FerryRunProcess second =
                    FerryRunProcess.start(resume, env, dir.resolve("second.log"))) {
                for (Future<?> client : sending) {
                    client.get(180, TimeUnit.SECONDS);
                }
                assertThat(clients.acknowledged).hasSize(TOTAL);
                assertThat(clients.retried.get())
                        .as("requests sent again after the kill")
                        .isPositive();
                // Every request again, same keys: each a no-op answered 202 at once; those of the
                // first run are known from the restored checkpoint.
                RetryingClients again = new RetryingClients(port);
                again.sendEvery(0, 1);
                assertThat(again.acknowledged).hasSize(TOTAL);
                assertThat(again.retried.get()).as("repeats that needed a retry").isZero();
                assertThat(again.restoredAnswers.get())
                        .as("repeats answered from the restored checkpoint's keys")
                        .isGreaterThanOrEqualTo(acknowledgedAtKill);
                System.out.printf(
                        "acknowledged before the kill: %d, requests retried: %d, repeats known"
                                + " from the restored checkpoint: %d%n",
                        acknowledgedAtKill, clients.retried.get(), again.restoredAnswers.get());
                List<String> expected = new ArrayList<>();
                for (int key = 0; key < KEYS; key++) {
                    for (int count = 1; count <= TOTAL / KEYS; count++) {
                        expected.add("k" + key + " " + count);
                    }
                }
                // Every message is acknowledged, so its count is committed: read until all are.
                List<String> committed = readCommitted(expected.size(), second);
                ExactlyOnceAssertions.assertEachExactlyOnce(committed, expected);
            }
        } finally {
            clients.stopped = true;
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * Clients that send message {@code n} (id {@code k<n % KEYS>}, key {@code message-<n>}) and
     * send it again, with the same key, until it is answered 202.
     */
    private static final class RetryingClients {
        final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicInteger waiting = new AtomicInteger();
        final AtomicInteger retried = new AtomicInteger();
        final AtomicInteger restoredAnswers = new AtomicInteger();
        volatile boolean stopped;
        private final int port;
        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        RetryingClients(int port) {
            this.port = port;
        }

        /** Sends messages {@code from}, {@code from + step}, ... one at a time. */
        void sendEvery(int from, int step) {
            for (int n = from; n < TOTAL && !stopped; n += step) {
                send(n);
            }
        }

        private void send(int n) {
            String id = "k" + n % KEYS;
            // Half the messages use the route, half the function's address.
            HttpRequest.Builder request =
                    n % 2 == 0
                            ? HttpRequest.newBuilder(uri("/count/" + id))
                            : HttpRequest.newBuilder(uri("/kafka/counter/" + id))
                                    .header(
                                            "Content-Type",
                                            "application/vnd.io.statefun.types/string");
            request.header("Idempotency-Key", "message-" + n)
                    .header("Authorization", "Bearer " + TOKEN)
                    .timeout(Duration.ofSeconds(20))
                    .POST(
                            HttpRequest.BodyPublishers.ofByteArray(
                                    PrimitiveCodecs.encodeString("out")));
            for (int attempt = 0; !stopped; attempt++) {
                if (attempt > 0) {
                    retried.incrementAndGet();
                }
                waiting.incrementAndGet();
                try {
                    HttpResponse<String> response =
                            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 202) {
                        if (response.body().contains("restored")) {
                            restoredAnswers.incrementAndGet();
                        }
                        acknowledged.add(n);
                        return;
                    }
                    if (response.statusCode() != 503) {
                        throw new IllegalStateException(
                                "message "
                                        + n
                                        + " answered "
                                        + response.statusCode()
                                        + ": "
                                        + response.body());
                    }
                } catch (IOException e) {
                    // The runtime is down or restarting: send again, with the same key.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    waiting.decrementAndGet();
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(100); // a client's back-off before its retry
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }

    private static List<String> readCommitted(int expected, FerryRunProcess runtime) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                KafkaClients.consumer(SERVERS.kafka().bootstrapServers(), true)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor("out")
                    .forEach(p -> partitions.add(new TopicPartition("out", p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await("every count committed to Kafka")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10))
                    .failFast("the runtime process ended", () -> !runtime.isAlive())
                    .until(
                            () -> {
                                for (ConsumerRecord<byte[], byte[]> record :
                                        consumer.poll(Duration.ofMillis(100))) {
                                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                                }
                                return values.size() >= expected;
                            });
            // Two more checkpoints' worth of time: a duplicate would be committed by then.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HttpIngressKillITCase.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
