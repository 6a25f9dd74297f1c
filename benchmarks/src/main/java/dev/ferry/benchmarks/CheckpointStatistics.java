package dev.ferry.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Flink's own figures for each checkpoint of a run, read from the MiniCluster's REST API: when it
 * was triggered, how long it took end to end, and per operator chain the slowest subtask's start
 * delay (the barrier's way from the sources to it), alignment, and synchronous and asynchronous
 * snapshot. A checkpoint that completes late shows here which of these made it late.
 */
final class CheckpointStatistics {
    /** How many checkpoints the JobManager keeps statistics of (Flink's default is 10). */
    static final int HISTORY = 1000;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointStatistics() {}

    /** The settings a run needs for these statistics: its REST port and a long history. */
    static Map<String, String> settings(int restPort) {
        return Map.of(
                "rest.port",
                Integer.toString(restPort),
                "rest.address",
                "127.0.0.1",
                "rest.bind-address",
                "127.0.0.1",
                "web.checkpoints.history",
                Integer.toString(HISTORY));
    }

    /**
     * One line per checkpoint of {@code job}, oldest first, with its trigger time in seconds since
     * {@code startMillis} (wall clock).
     */
    static List<String> lines(int restPort, JobID job, long startMillis)
            throws IOException, InterruptedException {
        String base = "http://127.0.0.1:" + restPort + "/jobs/" + job;
        Map<String, String> names = new HashMap<>();
        for (JsonNode vertex : get(base).path("vertices")) {
            names.put(vertex.path("id").asText(), shortName(vertex.path("name").asText()));
        }
        List<JsonNode> history = new ArrayList<>();
        get(base + "/checkpoints").path("history").forEach(history::add);
        history.sort((a, b) -> Long.compare(a.path("id").asLong(), b.path("id").asLong()));
        List<String> lines = new ArrayList<>();
        long now = System.currentTimeMillis();
        long previous = startMillis;
        long first = 0;
        long longestGap = 0;
        long longestGapAfterFirst = 0;
        long longestEndToEnd = 0;
        long longestDelay = 0;
        int completed = 0;
        for (JsonNode checkpoint : history) {
            long id = checkpoint.path("id").asLong();
            StringBuilder line =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "  checkpoint %3d %-11s triggered +%6.2f s, end to end %6d ms",
                                    id,
                                    checkpoint.path("status").asText(),
                                    (checkpoint.path("trigger_timestamp").asLong() - startMillis)
                                            / 1e3,
                                    checkpoint.path("end_to_end_duration").asLong()));
            if ("COMPLETED".equals(checkpoint.path("status").asText())) {
                long ack = checkpoint.path("latest_ack_timestamp").asLong();
                longestGap = Math.max(longestGap, ack - previous);
                if (first != 0) {
                    longestGapAfterFirst = Math.max(longestGapAfterFirst, ack - previous);
                } else {
                    first = ack;
                }
                previous = ack;
                completed++;
                longestEndToEnd =
                        Math.max(longestEndToEnd, checkpoint.path("end_to_end_duration").asLong());
            }
            JsonNode tasks = get(base + "/checkpoints/details/" + id).path("tasks");
            for (Map.Entry<String, String> vertex : names.entrySet()) {
                if (!tasks.has(vertex.getKey())) {
                    continue;
                }
                JsonNode summary =
                        get(base + "/checkpoints/details/" + id + "/subtasks/" + vertex.getKey())
                                .path("summary");
                longestDelay =
                        Math.max(longestDelay, summary.path("start_delay").path("max").asLong());
                line.append(
                        String.format(
                                Locale.ROOT,
                                " | %s delay %d align %d sync %d async %d",
                                vertex.getValue(),
                                summary.path("start_delay").path("max").asLong(),
                                summary.path("alignment").path("duration").path("max").asLong(),
                                summary.path("checkpoint_duration")
                                        .path("sync")
                                        .path("max")
                                        .asLong(),
                                summary.path("checkpoint_duration")
                                        .path("async")
                                        .path("max")
                                        .asLong()));
            }
            lines.add(line.toString());
        }
        longestGap = Math.max(longestGap, now - previous);
        longestGapAfterFirst = Math.max(longestGapAfterFirst, now - previous);
        lines.add(
                String.format(
                        Locale.ROOT,
                        "  checkpoint summary: %d completed, first completed +%.2f s, newest"
                                + " completed at most %.2f s old (%.2f s after the first"
                                + " completed), end to end at most %d ms, start delay at most %d ms",
                        completed,
                        first == 0 ? Double.NaN : (first - startMillis) / 1e3,
                        longestGap / 1e3,
                        longestGapAfterFirst / 1e3,
                        longestEndToEnd,
                        longestDelay));
        return lines;
    }

    /** The first operator of a chain's name, enough to tell the chains apart. */
    private static String shortName(String chain) {
        String first = chain.split(" -> ")[0];
        return first.length() > 24 ? first.substring(0, 24) : first;
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
