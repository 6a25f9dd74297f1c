package dev.ferry.runtime;

import dev.ferry.runtime.core.translation.FerryTopology;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleLoader;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point on a Flink cluster, and the main class of {@code
 * ferry-runtime-VERSION-flink.jar}: {@code flink run ferry-runtime-VERSION-flink.jar MODULE...}, or
 * the REST API's {@code /jars/<id>/run} with the module locations as program arguments.
 *
 * <p>Each argument is a module location: a path, a {@code file:} URL or {@code classpath:NAME}; no
 * argument means every {@code module.yaml} on the class path. The files are read where the job is
 * planned (the JobManager for a REST run or application mode, the client for {@code flink run}), so
 * give absolute paths. Together the modules make one application.
 *
 * <p>The cluster owns the state backend, checkpoint storage, checkpoint interval, restart strategy
 * and retention: this job sets none of them. It sets only the network buffer timeout, to {@link
 * #DEFAULT_BUFFER_TIMEOUT} as {@code ferry run} does, and only when the cluster's configuration
 * does not set {@code execution.buffer-timeout.interval}.
 */
public final class FerryJob {
    private static final Logger LOG = LoggerFactory.getLogger(FerryJob.class);

    /** Flink's default of 100 ms would dominate the latency of every message between functions. */
    public static final Duration DEFAULT_BUFFER_TIMEOUT = Duration.ofMillis(5);

    private FerryJob() {}

    public static void main(String[] args) throws Exception {
        String[] locations = args.length > 0 ? args : new String[] {"classpath:module.yaml"};
        Module module =
                Arrays.stream(locations)
                        .map(
                                location ->
                                        ModuleLoader.load(
                                                location, FerryJob.class.getClassLoader()))
                        .reduce(Module::merge)
                        .orElseThrow();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (env.getConfiguration().getOptional(ExecutionOptions.BUFFER_TIMEOUT).isEmpty()) {
            env.setBufferTimeout(DEFAULT_BUFFER_TIMEOUT.toMillis());
        }
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            LOG.warn(
                    "Checkpointing is off: function state does not survive a failure and"
                            + " exactly-once egresses never commit. Set"
                            + " execution.checkpointing.interval in the cluster's configuration.");
        }
        LOG.info("Planning {} from {}", module.summary(), String.join(", ", locations));
        FerryTopology.build(env, ModulePlanner.plan(module));
        env.execute("ferry");
    }
}
