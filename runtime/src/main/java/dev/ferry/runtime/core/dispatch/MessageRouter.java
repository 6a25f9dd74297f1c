package dev.ferry.runtime.core.dispatch;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.message.Envelope;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Where what functions send goes: a message to a key of this task joins the task's input queue; a
 * message to a key of another task leaves on the main output, towards the feedback tail that hands
 * it to the dispatcher of that task; an egress record leaves on its egress's side output.
 */
final class MessageRouter {
    private final int maxParallelism;
    private final int parallelism;
    private final int subtask;
    private final InputQueue input;
    private final Output<StreamRecord<Envelope>> output;
    private final DispatchListener listener;

    /** The side output of each egress, built once rather than for every record. */
    private final Map<TypeName, OutputTag<EgressRecord>> egressTags = new HashMap<>();

    MessageRouter(
            TaskInfo task,
            InputQueue input,
            Output<StreamRecord<Envelope>> output,
            DispatchListener listener) {
        this.maxParallelism = task.getMaxNumberOfParallelSubtasks();
        this.parallelism = task.getNumberOfParallelSubtasks();
        this.subtask = task.getIndexOfThisSubtask();
        this.input = input;
        this.output = output;
        this.listener = listener;
    }

    void route(Envelope envelope) {
        int owner =
                KeyGroupRangeAssignment.assignKeyToParallelOperator(
                        envelope.key(), maxParallelism, parallelism);
        if (owner == subtask) {
            listener.localOut(envelope.target());
            input.add(envelope);
        } else {
            listener.remoteOut(envelope.target());
            output.collect(new StreamRecord<>(envelope));
        }
    }

    void emitEgress(EgressRecord record) {
        listener.egressOut(record.egressId());
        output.collect(
                egressTags.computeIfAbsent(record.egressId(), EgressOutputs::tag),
                new StreamRecord<>(record));
    }
}
