package dev.ferry.checkpoints;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads an embedded job's checkpoint figures from its MiniCluster's REST API; kills the cluster.
 */
final class FlinkRest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private FlinkRest() {}

    static JsonNode get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The job's checkpoint statistics ({@code /jobs/<id>/checkpoints}). */
    static JsonNode checkpoints(int port, JobID job) throws IOException, InterruptedException {
        return get(port, "/jobs/" + job + "/checkpoints");
    }

    static long completedCheckpoints(int port, JobID job) {
        try {
            return checkpoints(port, job).path("counts").path("completed").asLong();
        } catch (Exception e) {
            return 0;
        }
    }

    /** The full state size of the job's latest completed checkpoint, 0 before the first. */
    static long latestStateSize(int port, JobID job) {
        try {
            return checkpoints(port, job)
                    .path("latest")
                    .path("completed")
                    .path("state_size")
                    .asLong();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Whether every vertex of the job runs or is done (state restored, records flowing). */
    static boolean allRunning(int port, JobID job) {
        try {
            JsonNode vertices = get(port, "/jobs/" + job).path("vertices");
            if (vertices.isEmpty()) {
                return false;
            }
            for (JsonNode vertex : vertices) {
                String status = vertex.path("status").asText();
                // A source that already sent its last record is done, not behind.
                if (!status.equals("RUNNING") && !status.equals("FINISHED")) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Stops the whole embedded runtime at once, as a killed process would: the MiniCluster of the
     * job shuts down without cancelling the job, which ends SUSPENDED with its checkpoints left as
     * they are.
     */
    static void killCluster(JobClient job) throws Exception {
        Field field = job.getClass().getDeclaredField("miniCluster");
        field.setAccessible(true);
        MiniCluster cluster = (MiniCluster) field.get(job);
        cluster.closeAsync().get();
    }
}
