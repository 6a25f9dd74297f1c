package dev.ferry.runtime.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.flink.util.SerializedThrowable;

/**
 * The cause of a failed job in one line: the first exception in the chain that says something of
 * its own, past Flink's "Job execution failed" and "Recovery is suppressed" wrappers and past
 * exceptions that only wrap another one; for a failure that suppressed restarts, the cause Ferry
 * gave it.
 */
final class FailureCause {
    /** Flink's job-level wrappers; their own message never says what went wrong. */
    private static final Set<String> WRAPPERS =
            Set.of(
                    "org.apache.flink.runtime.client.JobExecutionException",
                    "org.apache.flink.runtime.JobException",
                    "org.apache.flink.runtime.client.JobInitializationException",
                    "org.apache.flink.util.WrappingRuntimeException");

    /**
     * Ferry throws what must not be retried (a bad record with {@code onBadRecord: fail}) in a
     * SuppressRestartsException, so that Flink does not restart; on its way up, a source wraps it
     * in exceptions with messages of their own ("Failed to deserialize consumer record due to").
     */
    private static final String UNRECOVERABLE =
            "org.apache.flink.runtime.execution.SuppressRestartsException";

    private FailureCause() {}

    /** What went wrong, in one line, with the exception's class where it is not Ferry's own. */
    static String describe(Throwable failure) {
        Throwable cause = find(failure);
        String message = cause.getMessage() == null ? "" : cause.getMessage().strip();
        String type = className(cause);
        // A task's exception shipped as a copy carries "ClassName: message" as its message.
        if (cause instanceof SerializedThrowable && message.startsWith(type + ":")) {
            message = message.substring(type.length() + 1).strip();
        } else if (cause instanceof SerializedThrowable && message.equals(type)) {
            message = "";
        }
        String line =
                type.startsWith("dev.ferry.") || type.equals(IllegalStateException.class.getName())
                        ? message
                        : simpleName(type) + (message.isEmpty() ? "" : ": " + message);
        return line.replaceAll("\\s*\\R\\s*", "; ");
    }

    static Throwable find(Throwable failure) {
        Throwable current = failure;
        for (Throwable link = failure; link != null; link = link.getCause()) {
            if (UNRECOVERABLE.equals(className(link)) && link.getCause() != null) {
                current = link.getCause();
                break;
            }
        }
        while (current.getCause() != null && current.getCause() != current && isWrapper(current)) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean isWrapper(Throwable throwable) {
        if (throwable instanceof CompletionException
                || throwable instanceof ExecutionException
                || throwable instanceof InvocationTargetException
                || throwable instanceof UndeclaredThrowableException
                || WRAPPERS.contains(className(throwable))) {
            return true;
        }
        // new RuntimeException(cause) takes the cause's toString() as its message.
        String message = throwable.getMessage();
        return message == null || message.equals(throwable.getCause().toString());
    }

    /** The original class, also of an exception Flink shipped from a task as a copy. */
    private static String className(Throwable throwable) {
        return throwable instanceof SerializedThrowable serialized
                ? serialized.getOriginalErrorClassName()
                : throwable.getClass().getName();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
