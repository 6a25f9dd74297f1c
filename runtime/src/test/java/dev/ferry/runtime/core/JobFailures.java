package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/** What a running job's exception history says, read from the MiniCluster's REST endpoint. */
final class JobFailures {
    private JobFailures() {}

    /** The failures in the job's exception history: each one a restart while the job runs on. */
    static int count(MiniCluster cluster, JobID job) throws Exception {
        URI uri = cluster.getRestAddress().get().resolve("/jobs/" + job + "/exceptions");
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(uri).build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
        return new ObjectMapper()
                .readTree(response.body())
                .path("exceptionHistory")
                .path("entries")
                .size();
    }
}
