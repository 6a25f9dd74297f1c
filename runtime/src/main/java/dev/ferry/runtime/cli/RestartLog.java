package dev.ferry.runtime.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one WARN line for each failure the job of {@code ferry run} restarts from: which restart in
 * a row it is against the budget, and the failure's cause in one line (ending with the task it
 * failed in where the cause is not Ferry's own message). Flink's own account is a task's stack
 * trace of some sixty lines, which says neither.
 *
 * <p>It polls the job's exception history, {@code GET /jobs/<id>/exceptions}, once a second; a
 * failure the job ends with is not logged here, since {@code ferry run} ends with its line.
 */
final class RestartLog implements AutoCloseable {
    /** The attempt Flink appends to a task's name in the exception history. */
    private static final Pattern ATTEMPT = Pattern.compile(" - execution #\\d+$");

    private static final Logger LOG = LoggerFactory.getLogger(RestartLog.class);
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    private static final Duration FINISH_POLL = Duration.ofMillis(100);

    /**
     * How long Flink's REST endpoint answers a job's state and failures from its copy (by default 3
     * s; also the web dashboard's refresh): the setting {@code ferry run} gives it, so that a
     * restart's line follows it within about two seconds.
     */
    static final String REFRESH_INTERVAL_KEY = "web.refresh-interval";

    static final String REFRESH_INTERVAL = "1 s";

    /** Flink keeps the last 16 failures by default ({@code web.exception-history-size}). */
    private static final int HISTORY = 16;

    /** Job states in which a new failure ended the job instead of restarting it. */
    private static final Set<String> ENDING =
            Set.of("FAILING", "FAILED", "CANCELLING", "CANCELED", "FINISHED", "SUSPENDED");

    private final JobRestClient rest;
    private final RestartBudget budget;
    private long lastFailure = Long.MIN_VALUE;
    private Poller poller;

    private RestartLog(JobRestClient rest, RestartBudget budget) {
        this.rest = rest;
        this.budget = budget;
    }

    /** Starts polling; {@link #close()} stops it. */
    static RestartLog start(JobRestClient rest, RestartBudget budget) {
        RestartLog log = new RestartLog(rest, budget);
        log.poller = Poller.start("ferry-restart-log", POLL_INTERVAL, POLL_INTERVAL, log::poll);
        return log;
    }

    private void poll() throws IOException, InterruptedException {
        List<JsonNode> failures = newFailures(rest.get("/exceptions?maxExceptions=" + HISTORY));
        if (failures.isEmpty()) {
            return;
        }
        // Read after the history: a state older than the newest failure would call it a restart.
        boolean ended = ENDING.contains(rest.get("").path("state").asText());
        for (int i = 0; i < failures.size(); i++) {
            JsonNode failure = failures.get(i);
            int inARow = budget.count(failure.path("timestamp").asLong());
            if (ended && i == failures.size() - 1) {
                return;
            }
            LOG.warn(
                    "The job failed and restarts ({}): {}",
                    budget.describe(inARow),
                    FailureCause.describeStackTrace(
                            failure.path("stacktrace").asText(), task(failure)));
        }
    }

    /**
     * The task a failure of the exception history happened in, as Flink names it without the
     * attempt ("Source: kinesis demo/in -> router demo/in (1/1)"); null for a failure of the whole
     * job.
     */
    static String task(JsonNode failure) {
        if (!failure.hasNonNull("taskName")) {
            return null;
        }
        return ATTEMPT.matcher(failure.get("taskName").asText()).replaceFirst("");
    }

    /** The failures of the answer not seen yet, oldest first. */
    private List<JsonNode> newFailures(JsonNode exceptions) {
        List<JsonNode> failures = new ArrayList<>();
        for (JsonNode failure : exceptions.path("exceptionHistory").path("entries")) {
            if (failure.path("timestamp").asLong() > lastFailure) {
                failures.add(failure);
            }
        }
        failures.sort(Comparator.comparingLong(failure -> failure.path("timestamp").asLong()));
        if (!failures.isEmpty()) {
            lastFailure = failures.get(failures.size() - 1).path("timestamp").asLong();
        }
        return failures;
    }

    /**
     * After the job failed: stops polling and logs the restarts not logged yet, once the endpoint's
     * copy of the job (refreshed every {@code web.refresh-interval}) shows it ended, waiting for
     * that at most {@code patience}. Best effort: the MiniCluster, and with it the endpoint, shuts
     * down once the job has ended, at times before this read.
     */
    void finish(Duration patience) {
        poller.close();
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (!ENDING.contains(rest.get("").path("state").asText())) {
                if (System.nanoTime() > deadline) {
                    return;
                }
                Thread.sleep(FINISH_POLL.toMillis());
            }
            poll();
        } catch (IOException e) {
            LOG.debug("Cannot read the job's last failures: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        poller.close();
    }
}
