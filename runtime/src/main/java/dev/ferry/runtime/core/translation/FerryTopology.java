package dev.ferry.runtime.core.translation;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.config.FerryOptions;
import dev.ferry.runtime.core.dispatch.DispatcherOperatorFactory;
import dev.ferry.runtime.core.dispatch.DispatcherSpec;
import dev.ferry.runtime.core.dispatch.EgressOutputs;
import dev.ferry.runtime.core.feedback.FeedbackTailOperator;
import dev.ferry.runtime.core.io.BadRecords;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.core.message.EnvelopeKeySelector;
import dev.ferry.runtime.core.message.SingletonTypeInfo;
import dev.ferry.runtime.core.metrics.DispatcherMetrics;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Builds the Flink topology of a {@link JobPlan}:
 *
 * <pre>
 * ingresses -> routers -> union -> keyBy(id) -> functions (dispatcher, head of the loop) -> egresses
 *                 |                                 |  ^                                      ^
 *                 |       keyBy(id) -> feedback tail +  +-- in-JVM channel, same subtask      |
 *                 +-- bad records (side output) ------------------------------------------+
 * </pre>
 *
 * The dispatcher and the tail share parallelism and a co-location group, so the channel between
 * them never leaves the JVM. Every operator has a stable uid so savepoints survive upgrades.
 */
public final class FerryTopology {
    static final String CO_LOCATION = "ferry-feedback-loop";

    private FerryTopology() {}

    /** The function operator, with the task bounds of the job's configuration and its metrics. */
    static DispatcherOperatorFactory dispatcher(DispatcherSpec planned, ReadableConfig conf) {
        DispatcherSpec spec =
                new DispatcherSpec(
                        planned.bindings(),
                        planned.egressIds(),
                        conf.get(FerryOptions.MAX_IN_FLIGHT_PER_TASK));
        return new DispatcherOperatorFactory(
                spec, conf.get(FerryOptions.MAX_BUFFERED_PER_TASK), DispatcherMetrics.factory());
    }

    public static void build(StreamExecutionEnvironment env, JobPlan plan) {
        if (env.getCheckpointConfig().isUnalignedCheckpointsEnabled()
                || env.getConfiguration().get(CheckpointingOptions.ENABLE_UNALIGNED)) {
            throw new IllegalArgumentException(
                    "unaligned checkpoints cannot be used with Ferry: messages between functions"
                            + " travel a cycle, and a subtask could see a feedback barrier before its own;"
                            + " disable execution.checkpointing.unaligned");
        }
        if (plan.ingresses().isEmpty()) {
            throw new IllegalArgumentException(
                    "the module declares no ingress: nothing would ever reach a function");
        }
        DataStream<Envelope> input = null;
        Map<TypeName, DataStream<EgressRecord>> badRecords = new HashMap<>();
        for (IngressPlan ingress : plan.ingresses()) {
            DataStream<Envelope> routed = ingress.addTo(env);
            input = input == null ? routed : input.union(routed);
            TypeName deadLetters = ingress.deadLetterEgress();
            if (deadLetters != null) {
                if (!(routed instanceof SingleOutputStreamOperator<Envelope> router)) {
                    throw new IllegalStateException(
                            "ingress " + ingress.id() + " dead-letters but returned no router");
                }
                badRecords.merge(
                        deadLetters, router.getSideOutput(BadRecords.OUTPUT), DataStream::union);
            }
        }
        SingleOutputStreamOperator<Envelope> functions =
                input.keyBy(new EnvelopeKeySelector())
                        .transform(
                                "functions",
                                SingletonTypeInfo.ENVELOPE,
                                dispatcher(plan.dispatcher(), env.getConfiguration()))
                        .uid("functions");
        functions.getTransformation().setCoLocationGroupKey(CO_LOCATION);

        var tail =
                functions
                        .keyBy(new EnvelopeKeySelector())
                        .transform("feedback-tail", Types.VOID, new FeedbackTailOperator())
                        .uid("feedback-tail")
                        .setParallelism(functions.getParallelism());
        tail.getTransformation().setCoLocationGroupKey(CO_LOCATION);

        for (EgressPlan egress : plan.egresses()) {
            DataStream<EgressRecord> records =
                    functions.getSideOutput(EgressOutputs.tag(egress.id()));
            DataStream<EgressRecord> bad = badRecords.remove(egress.id());
            egress.attach(bad == null ? records : records.union(bad));
        }
        if (!badRecords.isEmpty()) {
            throw new IllegalArgumentException(
                    "dead-letter egresses " + badRecords.keySet() + " are not in the job");
        }
    }
}
