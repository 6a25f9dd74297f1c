package dev.ferry.runtime.cli;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a {@link RunStatus} from the MiniCluster's REST endpoint: the metrics of the {@code
 * functions} operator summed over its subtasks (each function type's {@code in}, each egress's
 * {@code records}, {@code inFlightInvocations}, {@code backlog}), the job's {@code numRestarts} and
 * the latest completed checkpoint. Rates are the growth of the counters over the last few reads,
 * which smooths the steps of Flink's metric fetcher (it refreshes the REST endpoint's copy of the
 * metrics every {@code metrics.fetcher.update-interval}).
 */
final class RunStatusReader {
    private static final String OPERATOR = "functions";
    private static final int RATE_WINDOW = 5;

    private final JobRestClient rest;
    private final Deque<long[]> samples = new ArrayDeque<>();
    private String vertex;

    RunStatusReader(JobRestClient rest) {
        this.rest = rest;
    }

    /** The status now; parts the endpoint cannot tell yet (the job is being scheduled) stay -1. */
    RunStatus read() throws IOException, InterruptedException {
        long restarts = restarts();
        RunStatus.Checkpoint checkpoint = lastCheckpoint();
        String functions = functionsVertex();
        if (functions == null) {
            return new RunStatus(-1, -1, -1, -1, checkpoint, restarts);
        }
        String metrics = "/vertices/" + functions + "/subtasks/metrics";
        List<String> names = new ArrayList<>();
        for (JsonNode metric : rest.get(metrics)) {
            names.add(metric.path("id").asText());
        }
        List<String> wanted =
                names.stream()
                        .filter(
                                name ->
                                        isFunctionIn(name)
                                                || isEgressRecords(name)
                                                || name.equals(OPERATOR + ".inFlightInvocations")
                                                || name.equals(OPERATOR + ".backlog"))
                        .toList();
        long in = 0;
        long out = 0;
        long inFlight = -1;
        long buffered = -1;
        if (!wanted.isEmpty()) {
            for (JsonNode metric : rest.get(metrics + "?agg=sum&get=" + query(wanted))) {
                String name = metric.path("id").asText();
                long sum = (long) metric.path("sum").asDouble();
                if (isFunctionIn(name)) {
                    in += sum;
                } else if (isEgressRecords(name)) {
                    out += sum;
                } else if (name.endsWith(".inFlightInvocations")) {
                    inFlight = sum;
                } else {
                    buffered = sum;
                }
            }
        }
        double[] rates = rates(System.nanoTime(), in, out);
        return new RunStatus(rates[0], rates[1], inFlight, buffered, checkpoint, restarts);
    }

    /** Per second over the samples kept: {in, out}; -1 until there are two. */
    double[] rates(long nanos, long in, long out) {
        samples.addLast(new long[] {nanos, in, out});
        if (samples.size() > RATE_WINDOW) {
            samples.removeFirst();
        }
        long[] first = samples.getFirst();
        if (samples.size() < 2 || nanos == first[0]) {
            return new double[] {-1, -1};
        }
        double seconds = (nanos - first[0]) / 1e9;
        // A restart sets counters back to their restored value: never show a negative rate.
        return new double[] {
            Math.max(0, (in - first[1]) / seconds), Math.max(0, (out - first[2]) / seconds)
        };
    }

    private static boolean isFunctionIn(String name) {
        return name.startsWith(OPERATOR + ".function.") && name.endsWith(".in");
    }

    private static boolean isEgressRecords(String name) {
        return name.startsWith(OPERATOR + ".egress.") && name.endsWith(".records");
    }

    private long restarts() throws IOException, InterruptedException {
        for (JsonNode metric : rest.get("/metrics?get=numRestarts")) {
            return metric.path("value").asLong(-1);
        }
        return -1;
    }

    private RunStatus.Checkpoint lastCheckpoint() throws IOException, InterruptedException {
        JsonNode completed = rest.get("/checkpoints").path("latest").path("completed");
        if (!completed.isObject()) {
            return null;
        }
        return new RunStatus.Checkpoint(
                completed.path("id").asLong(),
                completed.path("checkpointed_size").asLong(),
                completed.path("end_to_end_duration").asLong());
    }

    /** The id of the job vertex that runs the functions operator, once the job has one. */
    private String functionsVertex() throws IOException, InterruptedException {
        if (vertex == null) {
            for (JsonNode candidate : rest.get("").path("vertices")) {
                // A chained vertex is named "a -> b -> c".
                if (Arrays.asList(candidate.path("name").asText().split(" -> "))
                        .contains(OPERATOR)) {
                    vertex = candidate.path("id").asText();
                }
            }
        }
        return vertex;
    }

    private static String query(List<String> names) {
        return names.stream()
                .map(name -> URLEncoder.encode(name, StandardCharsets.UTF_8))
                .collect(Collectors.joining(","));
    }
}
