package dev.ferry.invokers.internal;

import dev.failsafe.TimeoutExceededException;
import dev.ferry.invokers.InvocationObserver.RetryCause;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Why a failed attempt is retried, from what failed it. */
final class RetryCauses {
    private RetryCauses() {}

    static RetryCause of(Throwable failure) {
        if (failure instanceof AttemptFailure attempt) {
            if (attempt.isFunctionError()) {
                return RetryCause.FUNCTION_ERROR;
            }
            if (attempt.status() == 429) {
                return RetryCause.THROTTLED;
            }
            if (attempt.status() >= 500) {
                return RetryCause.SERVER_ERROR;
            }
            if (attempt.status() > 0) {
                return RetryCause.OTHER;
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutExceededException
                    || cause instanceof TimeoutException
                    || cause.getClass().getSimpleName().contains("Timeout")) {
                return RetryCause.TIMEOUT;
            }
            if (cause instanceof IOException) {
                return RetryCause.CONNECTION;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return RetryCause.OTHER;
    }
}
