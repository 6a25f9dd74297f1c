package dev.ferry.runtime.cli;

import dev.ferry.runtime.config.FerryOptions;
import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.embedded.CheckpointStorageException;
import dev.ferry.runtime.embedded.EmbeddedOptions;
import dev.ferry.runtime.embedded.EmbeddedRunner;
import dev.ferry.runtime.embedded.FlinkSettings;
import dev.ferry.runtime.embedded.PrometheusSettings;
import dev.ferry.runtime.embedded.TraceExport;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleException;
import dev.ferry.runtime.module.ModuleLoader;
import dev.ferry.runtime.module.ModuleProblem;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry run MODULE.yaml...}: runs a module on a Flink MiniCluster in this JVM, with RocksDB
 * and incremental checkpoints to a local directory. Ctrl-C stops the job and keeps its last
 * checkpoint; {@code --restore latest} resumes from it.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = FerryVersion.class,
        description = "Runs module files on an embedded Flink MiniCluster.")
final class RunCommand implements Callable<Integer> {
    /** Flink's folder of one retained checkpoint: {@code .../<job id>/chk-<id>}. */
    private static final Pattern CHECKPOINT_FOLDER = Pattern.compile("/chk-(\\d+)/?$");

    @Parameters(
            arity = "1..*",
            paramLabel = "MODULE",
            description = "module files (YAML); together they make one application")
    List<Path> modules;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "URI",
            description = "where checkpoints go (default: ${DEFAULT-VALUE})")
    String checkpointDir = EmbeddedOptions.DEFAULT_CHECKPOINT_DIR;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "DURATION",
            description = "how often to checkpoint, e.g. 500ms, 1s, 1m (default: 1s)")
    String checkpointInterval = "1s";

    @Option(
            names = "--parallelism",
            description = "subtasks of the function operator (default: ${DEFAULT-VALUE})")
    int parallelism = 1;

    @Option(
            names = "--restore",
            paramLabel = "latest|PATH",
            description =
                    "start from the newest retained checkpoint, or from a checkpoint or savepoint path")
    String restore;

    @Option(
            names = "--allow-non-restored-state",
            description =
                    "with --restore: start even when the snapshot holds state of an ingress, its"
                            + " router or an egress that the modules no longer have; that state is"
                            + " dropped, the rest restored")
    boolean allowNonRestoredState;

    @Option(
            names = "--buffer-timeout",
            paramLabel = "DURATION",
            description = "Flink network buffer timeout (default: 5ms)")
    String bufferTimeout = "5ms";

    @Option(
            names = "--flink-conf",
            paramLabel = "FILE",
            description = "further Flink settings, one 'key: value' per line")
    Path flinkConf;

    @Option(
            names = "--max-restarts",
            paramLabel = "N",
            description =
                    "restarts after failures before the run ends with the cause (default: 5);"
                            + " counted afresh once the job runs for --restart-window without failing")
    Integer maxRestarts;

    @Option(
            names = "--restart-window",
            paramLabel = "DURATION",
            description =
                    "failure-free running time after which restarts are counted afresh (default: 10 min)")
    String restartWindow;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description =
                    "serve the metrics for Prometheus on /metrics of PORT, on every interface")
    Integer metricsPort;

    @Option(
            names = "--web-ui",
            arity = "0..1",
            paramLabel = "PORT",
            preprocessor = OptionalPort.class,
            description =
                    "serve Flink's web dashboard on 127.0.0.1, on PORT or else a free port,"
                            + " and print its URL")
    Integer webUiPort;

    @Option(
            names = "--log-level",
            paramLabel = "LEVEL",
            description =
                    "level of every logger, Ferry's and Flink's: ERROR, WARN, INFO or DEBUG"
                            + " (default: Ferry at INFO, the rest at WARN)")
    LogLevel logLevel;

    @Mixin CheckpointStorageOptions storage;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (logLevel != null) {
            logLevel.apply();
        }
        Module module;
        try {
            module = modules.stream().map(ModuleLoader::load).reduce(Module::merge).orElseThrow();
        } catch (ModuleException e) {
            e.problems().stream().map(ModuleProblem::render).forEach(err::println);
            err.flush();
            return ExitCodes.INVALID;
        }
        JobPlan plan = ModulePlanner.plan(module);
        Map<String, String> settings = flinkSettings();
        // On a terminal a status line replaces the per-checkpoint log lines; it reads metrics
        // from the REST endpoint, whose copy of them Flink otherwise refreshes every 10 s.
        boolean live = TerminalLine.isTerminal();
        if (live) {
            settings.putIfAbsent(
                    LiveStatusLine.FETCHER_INTERVAL_KEY, LiveStatusLine.FETCHER_INTERVAL_MS);
        }
        // Both read the latest checkpoints once a second; Flink's REST endpoint would otherwise
        // answer from a copy up to 3 s old, and the lines would come three at a time.
        settings.putIfAbsent(
                CompletedCheckpointLog.STATISTICS_CACHE_KEY,
                CompletedCheckpointLog.STATISTICS_CACHE_TIMEOUT);
        settings.putIfAbsent(RestartLog.REFRESH_INTERVAL_KEY, RestartLog.REFRESH_INTERVAL);
        LocalRestEndpoint rest = LocalRestEndpoint.of(settings, webUiPort);
        settings.putAll(rest.settings());
        storage.applyProfile();
        EmbeddedOptions options =
                new EmbeddedOptions(
                        checkpointDir,
                        duration("--checkpoint-interval", checkpointInterval),
                        parallelism,
                        restore,
                        duration("--buffer-timeout", bufferTimeout),
                        settings,
                        storage.pluginsDir,
                        !storage.noPreflight);
        out.println(
                "ferry: running "
                        + module.summary()
                        + "; checkpoints every "
                        + checkpointInterval
                        + " to "
                        + options.checkpointUri());
        if (metricsPort != null) {
            out.println("ferry: metrics on http://127.0.0.1:" + metricsPort + "/metrics");
        }
        out.flush();
        try {
            if (TraceExport.installIfRequested(System.getenv()) != null) {
                out.println("ferry: exporting traces as configured by the OTEL_* variables");
                out.flush();
            }
        } catch (ConfigurationException e) {
            err.println("ferry: OpenTelemetry configuration (OTEL_* variables): " + e.getMessage());
            err.flush();
            return ExitCodes.INVALID;
        }
        JobClient job;
        try {
            job =
                    EmbeddedRunner.start(
                            plan,
                            options,
                            restore -> {
                                // Printed, not only logged: operators and tests see what a
                                // restart resumed from.
                                out.println("ferry: restoring from " + describe(restore));
                                if (FlinkSettings.claimsRestoredSnapshot(options)) {
                                    out.println(
                                            "ferry: the changelog is on, so this job claims that"
                                                    + " snapshot: Flink deletes it once newer"
                                                    + " checkpoints are retained (keep a copy of a"
                                                    + " savepoint you need)");
                                }
                                out.flush();
                            });
        } catch (CheckpointStorageException e) {
            err.println("ferry: " + e.getMessage());
            err.flush();
            return ExitCodes.INVALID;
        } catch (Exception e) {
            Optional<String> operator = UnclaimedState.operatorOf(e);
            if (operator.isEmpty()) {
                throw e;
            }
            err.println("ferry: " + UnclaimedState.describe(operator.get()));
            err.flush();
            return ExitCodes.INVALID;
        }
        if (webUiPort != null) {
            // The dashboard is Flink's REST endpoint: it answers once the job was submitted.
            out.println("ferry: web UI at " + rest.url());
            out.flush();
        }
        JobRestClient jobRest = new JobRestClient(rest, job.getJobID());
        RestartLog restarts = RestartLog.start(jobRest, RestartBudget.of(settings));
        RunProgress progress =
                live
                        ? LiveStatusLine.start(jobRest, TerminalLine.on(out))
                        : CompletedCheckpointLog.start(jobRest);
        AtomicBoolean stopping = new AtomicBoolean();
        Thread hook =
                new Thread(
                        () -> {
                            stopping.set(true);
                            restarts.close();
                            progress.close();
                            try {
                                job.cancel().get(30, TimeUnit.SECONDS);
                                System.err.println(
                                        "ferry: stopped; the last checkpoint is kept under "
                                                + options.checkpointUri()
                                                + " (resume with --restore latest)");
                            } catch (Exception e) {
                                System.err.println(
                                        "ferry: could not stop the job cleanly: " + e.getMessage());
                            }
                        },
                        "ferry-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            job.getJobExecutionResult().get();
            return ExitCodes.OK;
        } catch (Exception e) {
            if (stopping.get()) {
                return ExitCodes.OK;
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            restarts.finish(Duration.ofSeconds(3));
            progress.close();
            err.println("ferry: the job failed: " + FailureCause.describe(e));
            err.flush();
            return ExitCodes.FAILED;
        } finally {
            restarts.close();
            progress.close();
        }
    }

    /** {@code --max-restarts} and {@code --restart-window} as the Flink settings they stand for. */
    Map<String, String> restartSettings() {
        Map<String, String> restarts = new LinkedHashMap<>();
        if (maxRestarts != null) {
            if (maxRestarts < 0) {
                throw new IllegalArgumentException(
                        "--max-restarts " + maxRestarts + " is negative; use 0 or more");
            }
            if (maxRestarts == 0) {
                // Flink's exponential-delay strategy needs at least one attempt; none is its own
                // strategy.
                restarts.put(RestartStrategyOptions.RESTART_STRATEGY.key(), "none");
            } else {
                restarts.put(FerryOptions.MAX_RESTARTS.key(), Integer.toString(maxRestarts));
            }
        }
        if (restartWindow != null) {
            duration("--restart-window", restartWindow);
            restarts.put(FerryOptions.RESTART_WINDOW.key(), restartWindow);
        }
        return restarts;
    }

    /** {@code checkpoint 12 at <uri>} for a retained checkpoint, else the URI as given. */
    static String describe(String restore) {
        Matcher checkpoint = CHECKPOINT_FOLDER.matcher(restore);
        return checkpoint.find() ? "checkpoint " + checkpoint.group(1) + " at " + restore : restore;
    }

    /** A duration option, with an error that names the option and the accepted form. */
    static Duration duration(String option, String text) {
        try {
            return TimeUtils.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    option
                            + " '"
                            + text
                            + "' is not a duration; use a number with a unit, such as 500ms, 1s or 2 min");
        }
    }

    /**
     * The Flink settings the options ask for: the {@code --flink-conf} file's, then those of the
     * checkpoint storage, the restart strategy and {@code --metrics-port}, each winning over the
     * file's.
     */
    Map<String, String> flinkSettings() throws IOException {
        Map<String, String> settings =
                new LinkedHashMap<>(flinkConf == null ? Map.of() : readFlinkConf(flinkConf));
        settings.putAll(storage.settings());
        settings.putAll(restartSettings());
        if (allowNonRestoredState) {
            if (restore == null) {
                throw new IllegalArgumentException(
                        "--allow-non-restored-state applies to a restore; add --restore latest or"
                                + " --restore PATH");
            }
            settings.put(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE.key(), "true");
        }
        if (metricsPort != null) {
            settings.putAll(PrometheusSettings.of(metricsPort));
        }
        return settings;
    }

    static Map<String, String> readFlinkConf(Path file) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(
                        file + ": '" + trimmed + "' is not a 'key: value' line");
            }
            settings.put(trimmed.substring(0, colon).strip(), trimmed.substring(colon + 1).strip());
        }
        return settings;
    }
}
