package dev.ferry.runtime.config;

import dev.ferry.runtime.core.dispatch.DispatcherOperatorFactory;
import dev.ferry.runtime.core.dispatch.DispatcherSpec;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * Every runtime setting of Ferry as a typed Flink option: key, type, default and description. They
 * are read from the job's Flink configuration, so they are set with {@code ferry run --flink-conf
 * FILE} or in a cluster's {@code config.yaml}. The options table in {@code docs/configuration.md}
 * is generated from this class ({@link OptionsTable}).
 *
 * <p>Some keys are Flink's own (restarts, S3): Ferry gives them a different default, which {@code
 * ferry run} applies unless the setting is present.
 */
public final class FerryOptions {
    private FerryOptions() {}

    public static final ConfigOption<Integer> MAX_IN_FLIGHT_PER_TASK =
            ConfigOptions.key("ferry.dispatcher.max-in-flight")
                    .intType()
                    .defaultValue(DispatcherSpec.DEFAULT_MAX_IN_FLIGHT)
                    .withDescription(
                            "Invocations in flight per task of the function operator, over all"
                                    + " endpoints (StateFun's async operation bound); a message"
                                    + " arriving at the bound waits for a reply. 0 or less:"
                                    + " unbounded.");

    public static final ConfigOption<Integer> MAX_BUFFERED_PER_TASK =
            ConfigOptions.key("ferry.dispatcher.max-buffered")
                    .intType()
                    .defaultValue(DispatcherOperatorFactory.DEFAULT_MAX_BUFFERED_PER_TASK)
                    .withDescription(
                            "Messages waiting behind batches in flight per task, summed over its"
                                    + " addresses; past it the operator back-pressures its input."
                                    + " 0 or less: unbounded.");

    public static final ConfigOption<MemorySize> FEEDBACK_MEMORY_BUDGET =
            ConfigOptions.key("ferry.feedback.memory-budget")
                    .memoryType()
                    .defaultValue(MemorySize.ofMebiBytes(64))
                    .withDescription(
                            "Heap per subtask for feedback messages kept for a checkpoint; past"
                                    + " it they spill to the task's temporary directory"
                                    + " (io.tmp.dirs). Read from the task manager's"
                                    + " configuration.");

    public static final ConfigOption<Duration> PREFLIGHT_TIMEOUT =
            ConfigOptions.key("ferry.preflight.timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "ferry run: how long writing, listing and deleting the probe object"
                                    + " in the checkpoint directory may take before the run"
                                    + " ends with the setting to fix.");

    public static final ConfigOption<Integer> S3_ATTEMPTS =
            ConfigOptions.key("s3.attempts.maximum")
                    .intType()
                    .defaultValue(5)
                    .withFallbackKeys("fs.s3a.attempts.maximum")
                    .withDescription(
                            "ferry run: attempts of the AWS SDK per S3 request (Hadoop's default"
                                    + " of 20, with backoff, turns a refused signature into"
                                    + " minutes of retries before anything is reported).");

    public static final ConfigOption<String> S3_CREDENTIALS_PROVIDER =
            ConfigOptions.key("s3.aws.credentials.provider")
                    .stringType()
                    .defaultValue("com.amazonaws.auth.DefaultAWSCredentialsProviderChain")
                    .withFallbackKeys("fs.s3a.aws.credentials.provider")
                    .withDescription(
                            "ferry run: S3 credentials when no static keys are set: the AWS SDK's"
                                    + " default chain (environment, system properties, web"
                                    + " identity, profile, instance roles), which Hadoop's own"
                                    + " default list lacks in part.");

    public static final ConfigOption<Integer> MAX_RESTARTS =
            ConfigOptions.key("restart-strategy.exponential-delay.attempts-before-reset-backoff")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "ferry run --max-restarts: restarts after failures before the run"
                                    + " ends with the failure's cause; the count starts again"
                                    + " once the job has run without failing for the restart"
                                    + " window.");

    public static final ConfigOption<Duration> RESTART_WINDOW =
            ConfigOptions.key("restart-strategy.exponential-delay.reset-backoff-threshold")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "ferry run --restart-window: how long the job must run without a"
                                    + " failure for the restart count and the delay to start"
                                    + " again.");

    public static final ConfigOption<Duration> RESTART_INITIAL_DELAY =
            ConfigOptions.key("restart-strategy.exponential-delay.initial-backoff")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "ferry run: delay before the first restart; each further restart"
                                    + " waits longer by the multiplier, spread by Flink's jitter"
                                    + " (restart-strategy.exponential-delay.jitter-factor).");

    public static final ConfigOption<Double> RESTART_DELAY_MULTIPLIER =
            ConfigOptions.key("restart-strategy.exponential-delay.backoff-multiplier")
                    .doubleType()
                    .defaultValue(2.0)
                    .withDescription(
                            "ferry run: growth of the delay from one restart to the next.");

    public static final ConfigOption<Duration> RESTART_MAX_DELAY =
            ConfigOptions.key("restart-strategy.exponential-delay.max-backoff")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("ferry run: the longest delay between two restarts.");

    /** Every option of this class, by key. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field field : FerryOptions.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    options.add((ConfigOption<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        options.sort(Comparator.comparing(ConfigOption::key));
        return options;
    }
}
