package dev.ferry.runtime.core.feedback;

import java.nio.file.Path;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;

/** Finds the channel of an operator's subtask attempt; head and tail use the same key. */
public final class FeedbackChannelKey {
    private FeedbackChannelKey() {}

    /**
     * How much heap the messages a checkpoint still needs may take per subtask before they spill to
     * the task's temporary directory.
     */
    public static final ConfigOption<MemorySize> MEMORY_BUDGET =
            ConfigOptions.key("ferry.feedback.memory-budget")
                    .memoryType()
                    .defaultValue(MemorySize.ofMebiBytes(64))
                    .withDescription(
                            "Heap per subtask for feedback messages kept for a checkpoint;"
                                    + " past it they spill to disk.");

    public static FeedbackChannel acquire(AbstractStreamOperator<?> operator) {
        TaskInfo task = operator.getRuntimeContext().getTaskInfo();
        var environment = operator.getContainingTask().getEnvironment();
        long budget =
                environment.getTaskManagerInfo().getConfiguration().get(MEMORY_BUDGET).getBytes();
        Path spillDirectory = environment.getIOManager().getSpillingDirectories()[0].toPath();
        return FeedbackChannels.acquire(
                job(operator),
                task.getIndexOfThisSubtask(),
                task.getAttemptNumber(),
                () -> new FeedbackLog(budget, spillDirectory));
    }

    public static void release(AbstractStreamOperator<?> operator) {
        TaskInfo task = operator.getRuntimeContext().getTaskInfo();
        FeedbackChannels.release(
                job(operator), task.getIndexOfThisSubtask(), task.getAttemptNumber());
    }

    private static String job(AbstractStreamOperator<?> operator) {
        return operator.getContainingTask().getEnvironment().getJobID().toString();
    }
}
