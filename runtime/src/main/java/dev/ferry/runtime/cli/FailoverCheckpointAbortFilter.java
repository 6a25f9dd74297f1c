package dev.ferry.runtime.cli;

import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Drops the warning Flink logs, with a stack trace, for a checkpoint it aborts because the job
 * stops running: at each failover, cancellation or end, a checkpoint under way is aborted as the
 * checkpoint coordinator suspends or shuts down. The failure itself, and each restart, are logged
 * on their own; every other checkpoint failure still comes through. A log4j filter, since only the
 * exception tells these apart: the message is Flink's one for any failed checkpoint.
 */
@Plugin(
        name = "FailoverCheckpointAbortFilter",
        category = Node.CATEGORY,
        elementType = Filter.ELEMENT_TYPE)
public final class FailoverCheckpointAbortFilter extends AbstractFilter {

    private FailoverCheckpointAbortFilter(Result onMatch, Result onMismatch) {
        super(onMatch, onMismatch);
    }

    /**
     * What log4j calls for {@code type = FailoverCheckpointAbortFilter} in a configuration; the
     * properties format hands every filter its {@code onMatch} and {@code onMismatch}, given or
     * not.
     */
    @PluginFactory
    public static FailoverCheckpointAbortFilter create(
            @PluginAttribute("onMatch") Result onMatch,
            @PluginAttribute("onMismatch") Result onMismatch) {
        return new FailoverCheckpointAbortFilter(
                onMatch == null ? Result.DENY : onMatch,
                onMismatch == null ? Result.NEUTRAL : onMismatch);
    }

    @Override
    public Result filter(LogEvent event) {
        return isAbortedByTheJobStopping(event.getThrown()) ? onMatch : onMismatch;
    }

    static boolean isAbortedByTheJobStopping(Throwable thrown) {
        if (!(thrown instanceof CheckpointException checkpoint)) {
            return false;
        }
        CheckpointFailureReason reason = checkpoint.getCheckpointFailureReason();
        return reason == CheckpointFailureReason.CHECKPOINT_COORDINATOR_SUSPEND
                || reason == CheckpointFailureReason.CHECKPOINT_COORDINATOR_SHUTDOWN;
    }
}
