package dev.ferry.runtime.embedded;

import dev.ferry.runtime.core.translation.FerryTopology;
import dev.ferry.runtime.core.translation.JobPlan;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a Ferry job on a Flink MiniCluster inside this JVM. */
public final class EmbeddedRunner {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRunner.class);

    private EmbeddedRunner() {}

    /** Resolves {@code --restore}: {@code latest}, a path, or nothing. */
    public static String restorePath(EmbeddedOptions options) {
        if (options.restore() == null) {
            return null;
        }
        if (options.restore().equals("latest")) {
            Path latest =
                    RetainedCheckpoints.latest(options.checkpointUri())
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "--restore latest: no complete checkpoint under "
                                                            + options.checkpointUri()));
            return latest.toUri().toString();
        }
        return options.restore();
    }

    /** Starts the job and returns its client; the caller waits or cancels. */
    public static JobClient start(JobPlan plan, EmbeddedOptions options) throws Exception {
        String restore = restorePath(options);
        Configuration conf = FlinkSettings.of(options, restore);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(options.parallelism(), conf);
        FerryTopology.build(env, plan);
        if (restore != null) {
            LOG.info("Restoring from {}", restore);
        }
        return env.executeAsync("ferry");
    }
}
