package dev.ferry.runtime.core.feedback;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;

/** Finds the channel of an operator's subtask attempt; head and tail use the same key. */
public final class FeedbackChannelKey {
    private FeedbackChannelKey() {}

    public static FeedbackChannel acquire(AbstractStreamOperator<?> operator) {
        TaskInfo task = operator.getRuntimeContext().getTaskInfo();
        return FeedbackChannels.acquire(
                job(operator), task.getIndexOfThisSubtask(), task.getAttemptNumber());
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
