package dev.ferry.runtime.cluster;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The Flink REST API calls a user makes to run a jar on a session cluster: upload, run (optionally
 * from a savepoint), job and checkpoint status, stop with a savepoint, cancel. Errors carry the
 * request and Flink's answer.
 */
public final class FlinkRest {
    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRest(String base) {
        this.base = base;
    }

    /** Number of TaskManagers registered, or -1 while the REST endpoint does not answer. */
    public int taskManagers() {
        try {
            return get("/taskmanagers").getAsJsonArray("taskmanagers").size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The free slots of each registered TaskManager. */
    public List<Integer> freeSlotsPerTaskManager() throws IOException {
        List<Integer> free = new ArrayList<>();
        for (JsonElement tm : get("/taskmanagers").getAsJsonArray("taskmanagers")) {
            free.add(tm.getAsJsonObject().get("freeSlots").getAsInt());
        }
        return free;
    }

    /** {@code POST /jars/upload}; returns the jar id. */
    public String upload(Path jar) throws IOException {
        String boundary = "ferry-" + UUID.randomUUID();
        String head =
                "--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                        + jar.getFileName()
                        + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
        BodyPublisher body =
                BodyPublishers.concat(
                        BodyPublishers.ofString(head),
                        BodyPublishers.ofFile(jar),
                        BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
        JsonObject answer =
                send(
                        HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(body),
                        "upload " + jar);
        String file = answer.get("filename").getAsString();
        return Path.of(file).getFileName().toString();
    }

    /** {@code POST /jars/<id>/run}; returns the job id. {@code savepoint} may be null. */
    public String run(
            String jarId,
            String entryClass,
            List<String> arguments,
            int parallelism,
            String savepoint)
            throws IOException {
        JsonObject request = new JsonObject();
        request.addProperty("entryClass", entryClass);
        JsonArray args = new JsonArray();
        arguments.forEach(args::add);
        request.add("programArgsList", args);
        request.addProperty("parallelism", parallelism);
        if (savepoint != null) {
            request.addProperty("savepointPath", savepoint);
        }
        return post("/jars/" + jarId + "/run", request).get("jobid").getAsString();
    }

    /** {@code GET /jobs/<id>}: state and vertices. */
    public JsonObject job(String jobId) throws IOException {
        return get("/jobs/" + jobId);
    }

    /** True when the job and every one of its subtasks run. */
    public boolean allRunning(String jobId) throws IOException {
        JsonObject job = job(jobId);
        if (!"RUNNING".equals(job.get("state").getAsString())) {
            return false;
        }
        for (JsonElement vertex : job.getAsJsonArray("vertices")) {
            if (!"RUNNING".equals(vertex.getAsJsonObject().get("status").getAsString())) {
                return false;
            }
        }
        return true;
    }

    /** {@code GET /jobs/<id>/checkpoints}: counts, latest completed and restored checkpoints. */
    public JsonObject checkpoints(String jobId) throws IOException {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /** Starts {@code POST /jobs/<id>/stop} (no drain); returns the trigger id. */
    public String stopWithSavepoint(String jobId, Path directory) throws IOException {
        JsonObject request = new JsonObject();
        request.addProperty("drain", false);
        request.addProperty("targetDirectory", directory.toUri().toString());
        return post("/jobs/" + jobId + "/stop", request).get("request-id").getAsString();
    }

    /**
     * {@code GET /jobs/<id>/savepoints/<trigger>}: the savepoint's location once complete, null
     * while in progress.
     *
     * @throws IOException if the savepoint failed
     */
    public String savepointLocation(String jobId, String trigger) throws IOException {
        JsonObject status = get("/jobs/" + jobId + "/savepoints/" + trigger);
        if (!"COMPLETED".equals(status.getAsJsonObject("status").get("id").getAsString())) {
            return null;
        }
        JsonObject operation = status.getAsJsonObject("operation");
        if (operation.has("failure-cause")) {
            throw new IOException("savepoint of job " + jobId + " failed: " + operation);
        }
        return operation.get("location").getAsString();
    }

    /** {@code PATCH /jobs/<id>?mode=cancel}. */
    public void cancel(String jobId) throws IOException {
        send(
                HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", BodyPublishers.noBody()),
                "cancel job " + jobId);
    }

    private JsonObject get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), "GET " + path);
    }

    private JsonObject post(String path, JsonObject request) throws IOException {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString(request.toString())),
                "POST " + path + " " + request);
    }

    private JsonObject send(HttpRequest.Builder request, String what) throws IOException {
        String body;
        int status;
        try {
            var response =
                    http.send(
                            request.timeout(Duration.ofSeconds(60)).build(),
                            BodyHandlers.ofString(StandardCharsets.UTF_8));
            body = response.body();
            status = response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + ": interrupted", e);
        }
        if (status / 100 != 2) {
            throw new IOException(what + ": HTTP " + status + " " + body);
        }
        return body.isBlank() ? new JsonObject() : JsonParser.parseString(body).getAsJsonObject();
    }
}
