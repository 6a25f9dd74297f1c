package dev.ferry.runtime.core.dispatch;

import dev.ferry.invokers.InvocationFailedException;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.runtime.core.message.EgressRecord;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a batch that cannot be delivered: with {@code onExhausted: dead-letter} one
 * record on the endpoint's dead-letter egress, and the address goes on; otherwise the job fails.
 *
 * <p>Two kinds of failure. An invocation whose retries are spent may succeed after a restart (the
 * function comes back), so it fails the task and Flink's restart strategy applies. A problem that
 * would come back on every attempt — a reply breaking the module's declarations, a message that can
 * never fit a request — fails the job once, without restarts ({@link SuppressRestartsException}).
 */
final class FailedBatches {
    private static final Logger LOG = LoggerFactory.getLogger(FailedBatches.class);

    private final Consumer<EgressRecord> egress;
    private final DispatchListener listener;

    FailedBatches(Consumer<EgressRecord> egress, DispatchListener listener) {
        this.egress = egress;
        this.listener = listener;
    }

    /** The invocation of {@code batch} finally failed, after the endpoint's retries. */
    void invocationFailed(
            FunctionAddress address,
            FunctionBinding binding,
            List<ToFunction.Invocation> batch,
            Throwable failure) {
        listener.failed(address, failure);
        int attempts = failure instanceof InvocationFailedException f ? f.attempts() : 1;
        if (!binding.deadLetterOnExhausted()) {
            throw new IllegalStateException(
                    "invocation of "
                            + address
                            + " through endpoint "
                            + binding.endpointName()
                            + " failed after "
                            + attempts
                            + (attempts == 1 ? " attempt: " : " attempts: ")
                            + failure.getMessage(),
                    failure);
        }
        deadLetter(address, binding, batch, String.valueOf(failure.getMessage()), attempts);
    }

    /**
     * {@code batch} for {@code address} can never be delivered as it is: {@code problem} says why,
     * starting with a verb whose subject is the function (for instance "changed state 'x', which it
     * never declared").
     */
    void permanentlyFailed(
            FunctionAddress address,
            FunctionBinding binding,
            List<ToFunction.Invocation> batch,
            String problem) {
        String message =
                "function " + address + " (endpoint " + binding.endpointName() + ") " + problem;
        IllegalStateException failure = new IllegalStateException(message);
        listener.failed(address, failure);
        if (!binding.deadLetterOnExhausted()) {
            throw new SuppressRestartsException(failure);
        }
        deadLetter(address, binding, batch, message, 1);
    }

    /** A problem no dead-letter setting applies to: the job fails once, without restarts. */
    static SuppressRestartsException permanent(String message) {
        return new SuppressRestartsException(new IllegalStateException(message));
    }

    private void deadLetter(
            FunctionAddress address,
            FunctionBinding binding,
            List<ToFunction.Invocation> batch,
            String error,
            int attempts) {
        LOG.warn(
                "Sending {} messages for {} to dead-letter egress {}: {}",
                batch.size(),
                address,
                binding.deadLetterEgress(),
                error);
        listener.deadLettered(address, batch.size());
        egress.accept(
                DeadLetters.record(
                        binding.deadLetterEgress(),
                        address,
                        binding.endpointName(),
                        error,
                        attempts,
                        batch));
    }
}
