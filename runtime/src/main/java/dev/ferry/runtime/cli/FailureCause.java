package dev.ferry.runtime.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.util.SerializedThrowable;

/**
 * The cause of a failure in one line: the first exception in the chain that says something of its
 * own, past Flink's "Job execution failed" and "Recovery is suppressed" wrappers and past
 * exceptions that only wrap another one; for a failure that suppressed restarts, the cause Ferry
 * gave it. Read from the exception itself (the job's end) or from its printed stack trace (a
 * restart, as Flink's REST endpoint reports it).
 */
final class FailureCause {
    /** Exceptions whose own message never says what went wrong. */
    private static final Set<String> WRAPPERS =
            Set.of(
                    "org.apache.flink.runtime.client.JobExecutionException",
                    "org.apache.flink.runtime.JobException",
                    "org.apache.flink.runtime.client.JobInitializationException",
                    "org.apache.flink.util.WrappingRuntimeException",
                    CompletionException.class.getName(),
                    ExecutionException.class.getName(),
                    InvocationTargetException.class.getName(),
                    UndeclaredThrowableException.class.getName());

    /**
     * Ferry throws what must not be retried (a bad record with {@code onBadRecord: fail}) in a
     * SuppressRestartsException, so that Flink does not restart; on its way up, a source wraps it
     * in exceptions with messages of their own ("Failed to deserialize consumer record due to").
     */
    private static final String UNRECOVERABLE =
            "org.apache.flink.runtime.execution.SuppressRestartsException";

    /** One exception of a cause chain: its original class and its message ("" for none). */
    record Link(String type, String message) {
        /** As {@link Throwable#toString()} prints it. */
        @Override
        public String toString() {
            return message.isEmpty() ? type : type + ": " + message;
        }
    }

    /**
     * Flink's failure when checkpoints failed more often in a row than tolerated, with the last
     * one's reason; it carries no cause, and points at a dashboard {@code ferry run} may not show.
     */
    private static final Pattern TOLERANCE_EXCEEDED =
            Pattern.compile(
                    "^Exceeded checkpoint tolerable failure threshold\\. The latest checkpoint"
                            + " failed due to (.+?), view the Checkpoint History tab");

    private FailureCause() {}

    /** What went wrong, in one line, with the exception's class where it is not Ferry's own. */
    static String describe(Throwable failure) {
        return describe(chain(failure));
    }

    /** The same line, from a stack trace as {@link Throwable#printStackTrace()} prints it. */
    static String describeStackTrace(String stackTrace) {
        return describe(StackTraceText.chain(stackTrace), null);
    }

    /**
     * The line for a failure of one task (its name as Flink gives it, null for a failure of the
     * whole job), from its stack trace: where the cause is not Ferry's own, the line ends with the
     * task, since a library's message ("Retries exceeded for getRecords operation") seldom says
     * which ingress or egress it came from, and the task's name does.
     */
    static String describeStackTrace(String stackTrace, String task) {
        return describe(StackTraceText.chain(stackTrace), task);
    }

    static String describe(List<Link> chain) {
        return describe(chain, null);
    }

    private static String describe(List<Link> chain, String task) {
        int position = find(chain);
        Link cause = chain.get(position);
        Matcher tolerance = TOLERANCE_EXCEEDED.matcher(cause.message());
        if (tolerance.find()) {
            return (tolerance.group(1).startsWith("Checkpoint expired")
                            ? "a checkpoint did not complete within its timeout (--checkpoint-timeout,"
                                    + " execution.checkpointing.timeout): the checkpoint storage is"
                                    + " slow or unreachable, or back pressure held the barrier up;"
                            : "a checkpoint failed ("
                                    + tolerance.group(1)
                                    + "): Flink's warning \"Failed to trigger or complete"
                                    + " checkpoint\" logged before this line has its cause;")
                    + " the job tolerates no more failed checkpoints in a row"
                    + " (execution.checkpointing.tolerable-failed-checkpoints, 0 unless set)";
        }
        String type = cause.type();
        boolean ours =
                type.isEmpty()
                        || type.startsWith("dev.ferry.")
                        || type.equals(IllegalStateException.class.getName());
        String line =
                ours
                        ? cause.message()
                        : simpleName(type)
                                + (cause.message().isEmpty() ? "" : ": " + cause.message());
        // A library's message seldom says why ("Failed to get metadata for topics [in]."); its
        // deepest cause does ("Timed out waiting for a node assignment"). Ferry's messages carry
        // their causes already.
        Link root = chain.get(chain.size() - 1);
        if (!ours
                && position < chain.size() - 1
                && !root.message().isEmpty()
                && !line.contains(root.message())) {
            line =
                    (line.endsWith(".") ? line.substring(0, line.length() - 1) : line)
                            + "; caused by "
                            + simpleName(root.type())
                            + ": "
                            + root.message();
        }
        line = line.replaceAll("\\s*\\R\\s*", "; ");
        return ours || task == null || task.isBlank() ? line : line + " (in " + task + ")";
    }

    /** The position in {@code chain} of the exception that says what went wrong. */
    private static int find(List<Link> chain) {
        int current = 0;
        for (int i = 0; i < chain.size() - 1; i++) {
            if (UNRECOVERABLE.equals(chain.get(i).type())) {
                current = i + 1;
                break;
            }
        }
        while (current < chain.size() - 1
                && isWrapper(chain.get(current), chain.get(current + 1))) {
            current++;
        }
        return current;
    }

    /**
     * Flink's message when a job cannot be submitted, whatever the reason, which is its cause
     * ({@code StreamExecutionEnvironment#executeAsync}).
     */
    private static final String SUBMISSION_FAILED = "Failed to execute job '";

    /**
     * Flink's messages when a task's checkpoint or its restore fails, whatever the reason (a sink
     * that cannot flush, a checkpoint store that cannot be read), which is their cause: they name
     * only the checkpoint, the operators or the state backend.
     */
    private static final List<String> CHECKPOINT_WRAPPERS =
            List.of(
                    "Could not perform checkpoint ",
                    "Could not complete snapshot ",
                    "Could not materialize checkpoint ",
                    "Exception while creating StreamOperatorStateContext",
                    "Could not restore keyed state backend for ",
                    "Could not restore operator state backend for ",
                    "Caught unexpected exception.");

    /**
     * Flink's message when an operator coordinator (a source's split enumerator) fails the job,
     * whatever the reason, which is its cause.
     */
    private static final String COORDINATOR_FAILURE =
            "Global failure triggered by OperatorCoordinator for ";

    private static boolean isWrapper(Link link, Link cause) {
        // new RuntimeException(cause) takes the cause's toString() as its message.
        return WRAPPERS.contains(link.type())
                || link.message().isEmpty()
                || link.message().equals(cause.toString())
                || (link.type().equals("org.apache.flink.util.FlinkException")
                        && link.message().startsWith(SUBMISSION_FAILED))
                || CHECKPOINT_WRAPPERS.stream().anyMatch(link.message()::startsWith)
                || link.message().startsWith(COORDINATOR_FAILURE)
                || link.message().endsWith(" due to");
    }

    /** The chain of {@code failure} and its causes, each with its original class. */
    static List<Link> chain(Throwable failure) {
        List<Link> chain = new ArrayList<>();
        Throwable previous = null;
        for (Throwable link = failure; link != null && link != previous; link = link.getCause()) {
            chain.add(link(link));
            previous = link;
        }
        return chain;
    }

    private static Link link(Throwable throwable) {
        String message = throwable.getMessage() == null ? "" : throwable.getMessage().strip();
        if (throwable instanceof SerializedThrowable serialized) {
            // A task's exception shipped as a copy carries "ClassName: message" as its message.
            String type = serialized.getOriginalErrorClassName();
            if (message.startsWith(type + ":")) {
                message = message.substring(type.length() + 1).strip();
            } else if (message.equals(type)) {
                message = "";
            }
            return new Link(type, message);
        }
        return new Link(throwable.getClass().getName(), message);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
