package dev.ferry.runtime.core.dispatch;

import dev.ferry.invokers.Invoker;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.flink.api.common.operators.MailboxExecutor;

/**
 * Sends the batch of one address: one request with the address's declared states attached, cut to
 * the endpoint's batch size and byte limit (the rest goes back to the head of the backlog), marked
 * in flight, sent once back-pressure allows, its outcome handed back to the operator's mailbox;
 * held instead while its function type's first call has not answered ({@link HandshakeGate}). For
 * an endpoint with address batching the request joins its lane instead ({@link AddressBatchLanes}),
 * to leave with those of other addresses.
 */
final class BatchSender {
    /** The outcome of one invocation, handled in the mailbox. */
    record Outcome(
            FunctionAddress address,
            FunctionBinding binding,
            List<ToFunction.Invocation> batch,
            FromFunction reply,
            Throwable failure,
            long sentAtNanos) {}

    /** Handles an outcome in the operator's mailbox. */
    @FunctionalInterface
    interface OutcomeHandler {
        void handle(Outcome outcome) throws Exception;
    }

    private final Invokers invokers;
    private final FunctionStates states;
    private final AddressBatches batches;
    private final BackPressure backPressure;
    private final FailedBatches failures;
    private final MailboxExecutor mailbox;
    private final Consumer<String> useKey;
    private final DispatchListener listener;
    private final AddressBatchLanes lanes;
    private final HandshakeGate handshakes = new HandshakeGate();
    private OutcomeHandler outcomes;

    BatchSender(
            Invokers invokers,
            FunctionStates states,
            AddressBatches batches,
            BackPressure backPressure,
            FailedBatches failures,
            MailboxExecutor mailbox,
            Consumer<String> useKey,
            DispatchListener listener,
            AddressBatchLanes lanes) {
        this.lanes = lanes;
        this.invokers = invokers;
        this.states = states;
        this.batches = batches;
        this.backPressure = backPressure;
        this.failures = failures;
        this.mailbox = mailbox;
        this.useKey = useKey;
        this.listener = listener;
    }

    void onOutcome(OutcomeHandler handler) {
        this.outcomes = handler;
    }

    /**
     * Sends {@code batch} (or its first part) to {@code address}. Sets the address's key itself: an
     * earlier send may have waited in the mailbox, where replies move the key.
     */
    void send(FunctionAddress address, List<ToFunction.Invocation> batch) throws Exception {
        useKey.accept(address.id());
        FunctionBinding binding =
                invokers.bindingFor(address.type())
                        .orElseThrow(
                                () ->
                                        FailedBatches.permanent(
                                                "a message for "
                                                        + address
                                                        + " reached the dispatcher, but no endpoint"
                                                        + " serves function type "
                                                        + address.type()
                                                        + "; bind it (or its namespace) in the"
                                                        + " module"));
        String functionType = address.type().asString();
        List<StateRegistry.Spec> declared = states.declaredBy(address.type());
        if (!handshakes.mayCall(address, batch, !declared.isEmpty())) {
            // Held until the type's first call answers: in flight meanwhile, so the address
            // queues what arrives for it and a restore re-sends the batch.
            batches.setInFlight(functionType, batch);
            return;
        }
        Invoker invoker = invokers.invokerOf(binding);
        // In an address batch each address's request also pays its place in the batch.
        long limit =
                binding.addressBatching()
                        ? AddressBatchLanes.addressLimit(invoker.maxRequestBytes())
                        : invoker.maxRequestBytes();
        List<ToFunction.Invocation> pending = batch;
        while (true) {
            List<ToFunction.Invocation> sent = pending;
            if (binding.maxNumBatchRequests() > 0 && sent.size() > binding.maxNumBatchRequests()) {
                sent = sent.subList(0, binding.maxNumBatchRequests());
            }
            ToFunction request = Requests.request(address, sent, declared, states::read);
            if (request.getSerializedSize() > limit) {
                // Rare path: reading the states again for the exact size is fine.
                int empty =
                        Requests.request(address, List.of(), declared, states::read)
                                .getSerializedSize();
                int fitting = Requests.fittingCount(sent, empty, limit);
                if (fitting == 0) {
                    failures.permanentlyFailed(
                            address,
                            binding,
                            List.of(sent.get(0)),
                            Requests.oversize(sent.get(0), empty, invoker.describeRequestLimit()));
                    pending = nextAfterOversize(functionType, pending);
                    if (pending.isEmpty()) {
                        return;
                    }
                    continue;
                }
                sent = sent.subList(0, fitting);
                request = Requests.request(address, sent, declared, states::read);
            }
            if (sent.size() < pending.size()) {
                batches.returnToBacklog(functionType, pending.subList(sent.size(), pending.size()));
                listener.backlog(batches.buffered());
            }
            batches.setInFlight(functionType, sent);
            if (binding.addressBatching()) {
                lanes.submit(address, binding, List.copyOf(sent), request, invoker);
            } else {
                invoke(address, binding, invoker, request, List.copyOf(sent));
            }
            return;
        }
    }

    /**
     * An outcome for an address of {@code type} arrived: sends the batches held for the type's
     * first answer ({@link HandshakeGate}). Moves the key.
     */
    void answered(TypeName type) throws Exception {
        String functionType = type.asString();
        for (HandshakeGate.Held held : handshakes.answered(type)) {
            // What arrived for the address while it was held goes in the same request.
            useKey.accept(held.address().id());
            List<ToFunction.Invocation> waiting = batches.takeBacklog(functionType);
            List<ToFunction.Invocation> batch = held.batch();
            if (!waiting.isEmpty()) {
                batch = new ArrayList<>(held.batch());
                batch.addAll(waiting);
                listener.backlog(batches.buffered());
            }
            send(held.address(), batch);
        }
    }

    /** What to send once the oversize first message of {@code pending} was dead-lettered. */
    private List<ToFunction.Invocation> nextAfterOversize(
            String functionType, List<ToFunction.Invocation> pending) throws Exception {
        if (pending.size() > 1) {
            return pending.subList(1, pending.size());
        }
        // Nothing of this batch is left: the address is free, unless messages wait behind it.
        batches.clearInFlight(functionType);
        List<ToFunction.Invocation> waiting = batches.takeBacklog(functionType);
        listener.backlog(batches.buffered());
        return waiting;
    }

    private void invoke(
            FunctionAddress address,
            FunctionBinding binding,
            Invoker invoker,
            ToFunction request,
            List<ToFunction.Invocation> batch)
            throws Exception {
        // Waiting here runs replies, which move the key; nothing below reads keyed state.
        backPressure.startInvocation();
        listener.sent(address, batch.size(), request.getSerializedSize());
        long sentAt = System.nanoTime();
        invoker.invoke(request)
                .whenComplete(
                        (reply, failure) ->
                                deliver(
                                        new Outcome(
                                                address, binding, batch, reply, failure, sentAt)));
    }

    /** Called on the invoker's thread: the outcome is handled in the operator's mailbox. */
    private void deliver(Outcome outcome) {
        try {
            mailbox.execute(() -> outcomes.handle(outcome), "reply for %s", outcome.address());
        } catch (RejectedExecutionException e) {
            // This task is shutting down; the batch is in flight in the last checkpoint and is
            // re-sent on restore.
        }
    }
}
