package dev.ferry.runtime.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.flink.api.common.JobID;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/** Reads one job's JSON resources from the MiniCluster's REST endpoint on loopback. */
final class JobRestClient {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String job;

    JobRestClient(LocalRestEndpoint rest, JobID job) {
        this.job = rest.url() + "jobs/" + job;
    }

    /**
     * The answer to {@code GET /jobs/<id><path>} ({@code ""} for the job itself, else starting with
     * {@code /}), or a missing node when the endpoint answers other than 200: before the job is
     * scheduled and while it restarts, some resources are not there.
     */
    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(job + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? json.readTree(response.body()) : json.missingNode();
    }
}
