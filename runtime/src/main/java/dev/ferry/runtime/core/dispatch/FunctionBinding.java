package dev.ferry.runtime.core.dispatch;

import dev.ferry.invokers.RetryPolicy;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.EndpointSpec;
import dev.ferry.runtime.module.FunctionPattern;
import java.io.Serializable;
import java.util.Objects;

/**
 * How the functions matching a pattern are served.
 *
 * @param functions one function type, or a whole namespace; a type's binding wins over its
 *     namespace's
 * @param endpointName names the endpoint in errors; bindings with the same name share one invoker
 * @param maxNumBatchRequests messages per batch (request) at most; 0 or less means no limit. Unlike
 *     StateFun, a longer backlog does not back-pressure the task: the address keeps buffering,
 *     bounded only by the task-wide buffer bound of the dispatcher
 * @param deadLetterOnExhausted send a batch whose invocation finally failed to {@code
 *     deadLetterEgress} and go on, instead of failing the job
 * @param addressBatching send the batches of many addresses in one request (Ferry's extension,
 *     understood by Ferry's adapters only; see {@link AddressBatchLanes})
 * @param maxRequestsInFlight with address batching, requests in flight at most per endpoint target
 *     and task; what becomes ready meanwhile goes with the next request
 * @param retry the endpoint's retry policy; with address batching it also spaces and bounds the
 *     re-sends of one address whose result failed inside a reply (the invoker applies it to whole
 *     requests itself)
 */
public record FunctionBinding(
        FunctionPattern functions,
        String endpointName,
        InvokerFactory invokerFactory,
        int maxNumBatchRequests,
        boolean deadLetterOnExhausted,
        TypeName deadLetterEgress,
        boolean addressBatching,
        int maxRequestsInFlight,
        RetryPolicy retry)
        implements Serializable {

    /** A binding that sends one address per request, as StateFun does. */
    public FunctionBinding(
            FunctionPattern functions,
            String endpointName,
            InvokerFactory invokerFactory,
            int maxNumBatchRequests,
            boolean deadLetterOnExhausted,
            TypeName deadLetterEgress) {
        this(
                functions,
                endpointName,
                invokerFactory,
                maxNumBatchRequests,
                deadLetterOnExhausted,
                deadLetterEgress,
                false,
                1);
    }

    /** A binding with the default retry policy within the default call timeout. */
    public FunctionBinding(
            FunctionPattern functions,
            String endpointName,
            InvokerFactory invokerFactory,
            int maxNumBatchRequests,
            boolean deadLetterOnExhausted,
            TypeName deadLetterEgress,
            boolean addressBatching,
            int maxRequestsInFlight) {
        this(
                functions,
                endpointName,
                invokerFactory,
                maxNumBatchRequests,
                deadLetterOnExhausted,
                deadLetterEgress,
                addressBatching,
                maxRequestsInFlight,
                RetryPolicy.defaults(EndpointSpec.DEFAULT_CALL_TIMEOUT));
    }

    public FunctionBinding {
        Objects.requireNonNull(functions, "functions");
        Objects.requireNonNull(endpointName, "endpointName");
        Objects.requireNonNull(invokerFactory, "invokerFactory");
        Objects.requireNonNull(retry, "retry");
        if (deadLetterOnExhausted && deadLetterEgress == null) {
            throw new IllegalArgumentException("dead-lettering needs a dead-letter egress");
        }
        if (maxRequestsInFlight < 1) {
            throw new IllegalArgumentException(
                    "maxRequestsInFlight must be at least 1, got " + maxRequestsInFlight);
        }
    }
}
