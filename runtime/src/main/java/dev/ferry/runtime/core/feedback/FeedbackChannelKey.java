package dev.ferry.runtime.core.feedback;

import dev.ferry.runtime.config.FerryOptions;
import java.nio.file.Path;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;

/** Finds the channel of an operator's subtask attempt; head and tail use the same key. */
public final class FeedbackChannelKey {
    private FeedbackChannelKey() {}

    public static FeedbackChannel acquire(AbstractStreamOperator<?> operator) {
        TaskInfo task = operator.getRuntimeContext().getTaskInfo();
        var environment = operator.getContainingTask().getEnvironment();
        long budget =
                environment
                        .getTaskManagerInfo()
                        .getConfiguration()
                        .get(FerryOptions.FEEDBACK_MEMORY_BUDGET)
                        .getBytes();
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
