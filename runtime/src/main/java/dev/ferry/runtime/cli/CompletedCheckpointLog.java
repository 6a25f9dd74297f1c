package dev.ferry.runtime.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one INFO line per completed checkpoint of a {@code ferry run} job: id, bytes written, full
 * state size and duration.
 *
 * <p>The client has no checkpoint listener and accumulators carry no checkpoint statistics, so it
 * polls the MiniCluster's REST endpoint, {@code GET /jobs/<id>/checkpoints}, once a second: the
 * statistics the JobManager keeps anyway, one small request on loopback. The history there holds
 * the last checkpoints (10 by default), so none is missed between two polls.
 */
final class CompletedCheckpointLog implements RunProgress {
    private static final Logger LOG = LoggerFactory.getLogger(CompletedCheckpointLog.class);
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    /**
     * How long Flink's REST endpoint answers checkpoint statistics from its copy (by default {@code
     * web.refresh-interval}, 3 s): the setting {@code ferry run} gives it, below the poll interval.
     */
    static final String STATISTICS_CACHE_KEY = "rest.cache.checkpoint-statistics.timeout";

    static final String STATISTICS_CACHE_TIMEOUT = "500 ms";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService poller =
            Executors.newSingleThreadScheduledExecutor(
                    task -> {
                        Thread thread = new Thread(task, "ferry-checkpoint-log");
                        thread.setDaemon(true);
                        return thread;
                    });
    private final URI checkpoints;
    private long lastLogged = 0;

    private CompletedCheckpointLog(LocalRestEndpoint rest, JobID job) {
        this.checkpoints = URI.create(rest.url() + "jobs/" + job + "/checkpoints");
    }

    /** Starts polling; {@link #close()} stops it. */
    static CompletedCheckpointLog start(LocalRestEndpoint rest, JobID job) {
        CompletedCheckpointLog log = new CompletedCheckpointLog(rest, job);
        log.poller.scheduleWithFixedDelay(
                log::poll,
                POLL_INTERVAL.toMillis(),
                POLL_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        return log;
    }

    private void poll() {
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(checkpoints)
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                // Before the job is scheduled, and while it restarts, there are no statistics.
                LOG.debug("{} answered HTTP {}", checkpoints, response.statusCode());
                return;
            }
            for (JsonNode checkpoint : newlyCompleted(json.readTree(response.body()))) {
                LOG.info(
                        "Checkpoint {} completed in {} ms: {} written, state {}",
                        checkpoint.path("id").asLong(),
                        checkpoint.path("end_to_end_duration").asLong(),
                        bytes(checkpoint.path("checkpointed_size").asLong()),
                        bytes(checkpoint.path("state_size").asLong()));
            }
        } catch (IOException e) {
            LOG.debug("Cannot read checkpoint statistics from {}: {}", checkpoints, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A surprise in the answer must not end the polling for the rest of the run.
            LOG.debug("Cannot read checkpoint statistics from {}", checkpoints, e);
        }
    }

    /** The completed checkpoints of the answer not logged yet, oldest first. */
    private List<JsonNode> newlyCompleted(JsonNode statistics) {
        List<JsonNode> completed = new ArrayList<>();
        for (JsonNode checkpoint : statistics.path("history")) {
            if ("COMPLETED".equals(checkpoint.path("status").asText())
                    && !checkpoint.path("is_savepoint").asBoolean()
                    && checkpoint.path("id").asLong() > lastLogged) {
                completed.add(checkpoint);
            }
        }
        completed.sort(Comparator.comparingLong(checkpoint -> checkpoint.path("id").asLong()));
        if (!completed.isEmpty()) {
            lastLogged = completed.get(completed.size() - 1).path("id").asLong();
        }
        return completed;
    }

    /** {@code 812 B}, {@code 12.3 kB}, {@code 4.0 MB}. */
    static String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /**
     * Lets a poll under way finish (it takes milliseconds, at most its 5 s timeout): interrupted,
     * it would drop its connection, and Flink's REST endpoint would log a warning about it after
     * the run's last line.
     */
    @Override
    public void close() {
        poller.shutdown();
        try {
            poller.awaitTermination(6, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
