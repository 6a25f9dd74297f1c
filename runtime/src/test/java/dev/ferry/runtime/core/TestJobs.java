package dev.ferry.runtime.core;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.config.FerryOptions;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.translation.EgressPlan;
import dev.ferry.runtime.core.translation.FerryTopology;
import dev.ferry.runtime.core.translation.JobPlan;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** Starts Ferry jobs on the test class's MiniCluster the way {@code ferry run} configures them. */
final class TestJobs {
    private TestJobs() {}

    /** The MiniCluster of one test class: one task manager with a slot for each of 2 subtasks. */
    static MiniClusterExtension miniCluster() {
        return miniCluster(new Configuration());
    }

    /**
     * As {@link #miniCluster()}, with a feedback memory budget of 1 KB: the messages a checkpoint
     * needs spill to disk almost at once, so the exactly-once tests run through the spill files.
     */
    static MiniClusterExtension miniClusterSpillingFeedback() {
        Configuration conf = new Configuration();
        conf.set(FerryOptions.FEEDBACK_MEMORY_BUDGET, MemorySize.parse("1kb"));
        return miniCluster(conf);
    }

    /** As {@link #miniCluster()}, with {@code conf} (TaskManager settings, for instance). */
    static MiniClusterExtension miniCluster(Configuration conf) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(conf)
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }

    /**
     * Cancels {@code job} and waits until it has stopped. {@code cancel()} returns once the request
     * is taken, while tasks may still write a checkpoint into a folder that the test is about to
     * restore from or delete.
     */
    static void cancel(JobClient job) throws Exception {
        job.cancel().get();
        job.getJobExecutionResult().handle((result, failure) -> null).get(60, TimeUnit.SECONDS);
    }

    /** RocksDB, checkpoints every 200 ms retained on cancel, quick restarts, 5 ms buffers. */
    static JobClient start(JobPlan plan, Path checkpoints, String restore, int parallelism)
            throws Exception {
        return start(plan, checkpoints, restore, parallelism, new Configuration());
    }

    /** As {@link #start(JobPlan, Path, String, int)}, with further job {@code settings}. */
    static JobClient start(
            JobPlan plan, Path checkpoints, String restore, int parallelism, Configuration settings)
            throws Exception {
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("state.backend.rocksdb.timer-service.factory", "ROCKSDB");
        conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
        conf.setString("execution.checkpointing.interval", "200ms");
        conf.setString(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "100");
        conf.setString("restart-strategy.fixed-delay.delay", "100ms");
        conf.setString("execution.buffer-timeout.interval", "5ms");
        if (restore != null) {
            conf.setString("execution.state-recovery.path", restore);
        }
        conf.addAll(settings);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        FerryTopology.build(env, plan);
        return env.executeAsync("ferry-test");
    }

    /**
     * An egress whose records reach a {@link CommittedEgress} named {@code name}, through {@code
     * before} (a fault to inject, or null).
     */
    static EgressPlan committed(
            TypeName id, String name, MapFunction<EgressRecord, EgressRecord> before) {
        return new CommittedPlan(id, name, before);
    }

    private record CommittedPlan(
            TypeName id, String name, MapFunction<EgressRecord, EgressRecord> before)
            implements EgressPlan {
        @Override
        @SuppressWarnings("deprecation")
        public void attach(DataStream<EgressRecord> records) {
            DataStream<EgressRecord> stream =
                    before == null ? records : records.map(before).returns(records.getType());
            stream.addSink(new CommittedEgress(name)).setParallelism(1);
        }
    }
}
