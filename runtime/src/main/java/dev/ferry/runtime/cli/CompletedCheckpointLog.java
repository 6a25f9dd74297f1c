package dev.ferry.runtime.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
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

    private final JobRestClient rest;
    private long lastLogged = 0;
    private Poller poller;

    private CompletedCheckpointLog(JobRestClient rest) {
        this.rest = rest;
    }

    /** Starts polling; {@link #close()} stops it. */
    static CompletedCheckpointLog start(JobRestClient rest) {
        CompletedCheckpointLog log = new CompletedCheckpointLog(rest);
        log.poller = Poller.start("ferry-checkpoint-log", POLL_INTERVAL, POLL_INTERVAL, log::poll);
        return log;
    }

    private void poll() throws IOException, InterruptedException {
        // Before the job is scheduled, and while it restarts, there are no statistics.
        for (JsonNode checkpoint : newlyCompleted(rest.get("/checkpoints"))) {
            LOG.info(
                    "Checkpoint {} completed in {} ms: {} written, state {}",
                    checkpoint.path("id").asLong(),
                    checkpoint.path("end_to_end_duration").asLong(),
                    bytes(checkpoint.path("checkpointed_size").asLong()),
                    bytes(checkpoint.path("state_size").asLong()));
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

    @Override
    public void close() {
        poller.close();
    }
}
