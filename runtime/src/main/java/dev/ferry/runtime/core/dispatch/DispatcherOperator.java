package dev.ferry.runtime.core.dispatch;

import dev.ferry.invokers.InvocationFailedException;
import dev.ferry.invokers.Invoker;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.FromFunction.PersistedValueMutation;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.runtime.core.feedback.FeedbackChannel;
import dev.ferry.runtime.core.feedback.FeedbackChannelKey;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.message.Envelope;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs every function type of the job for the keys of its subtask, and is the head of the feedback
 * loop.
 *
 * <p>Per address (function type + id) at most one invocation is in flight; messages that arrive
 * meanwhile wait in keyed state and go together as the next batch. Replies come back on the
 * invoker's threads and are applied in this operator's mailbox, under the reply's key: outgoing
 * messages, delayed messages and cancellations, egress records, then state changes. Messages to
 * keys of this subtask are handled here at once; others leave on the main output towards the
 * feedback tail, which hands them to the dispatcher of the right subtask.
 *
 * <p>Back-pressure (yielding to the mailbox until replies free room) has two task-wide bounds: the
 * invocations in flight ({@link DispatcherSpec#maxInFlightPerTask()}) and the messages buffered
 * behind batches in flight, summed over all addresses ({@code maxBufferedPerTask}). There is no
 * per-address bound: a hot or stuck address only grows its own backlog (sent in batches of at most
 * {@link FunctionBinding#maxNumBatchRequests()} messages) and never stalls the others until the
 * whole task is over a bound.
 */
public final class DispatcherOperator extends AbstractStreamOperator<Envelope>
        implements OneInputStreamOperator<Envelope, Envelope>, Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    private final DispatcherSpec spec;
    private final int maxBufferedPerTask;
    private final transient MailboxExecutor mailbox;

    private transient StateRegistry registry;
    // One state handle per declared state: it follows the current key, so it is made once, not per
    // request.
    private transient Map<StateRegistry.Spec, ValueState<byte[]>> valueStates;
    private transient AddressBatches batches;
    private transient DelayedMessages delayed;
    private transient Map<String, Invoker> invokersByEndpoint;
    private transient Map<TypeName, FunctionBinding> bindingCache;
    private transient ArrayDeque<Envelope> local;
    private transient FeedbackChannel feedback;
    private transient int inFlight;
    private transient boolean draining;

    DispatcherOperator(DispatcherSpec spec, int maxBufferedPerTask, MailboxExecutor mailbox) {
        this.spec = spec;
        this.maxBufferedPerTask = maxBufferedPerTask;
        this.mailbox = mailbox;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        registry = new StateRegistry();
        registry.initialize(context.getOperatorStateStore());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        super.open();
        local = new ArrayDeque<>();
        bindingCache = new HashMap<>();
        valueStates = new HashMap<>();
        invokersByEndpoint = new HashMap<>();
        for (FunctionBinding binding : spec.bindings()) {
            invokersByEndpoint.computeIfAbsent(
                    binding.endpointName(), name -> binding.invokerFactory().create());
        }
        var backend =
                (org.apache.flink.runtime.state.KeyedStateBackend<String>)
                        (Object) getKeyedStateBackend();
        batches = new AddressBatches(backend);
        delayed =
                new DelayedMessages(
                        backend,
                        getInternalTimerService(
                                "delayed-messages", VoidNamespaceSerializer.INSTANCE, this));
        resendInFlightBatches(backend);
        feedback = FeedbackChannelKey.acquire(this);
        feedback.registerConsumer(this::wakeUpForFeedback);
    }

    // ---- input ---------------------------------------------------------------------------

    @Override
    public void processElement(StreamRecord<Envelope> element) throws Exception {
        handle(element.getValue());
        drainLocal();
    }

    /** Called on the tail's thread: schedule a drain in this operator's mailbox. */
    private void wakeUpForFeedback() {
        try {
            mailbox.execute(this::drainFeedback, "feedback");
        } catch (RejectedExecutionException e) {
            // This task is shutting down; the messages are in the next checkpoint or replayed.
        }
    }

    private void drainFeedback() throws Exception {
        for (Envelope envelope : feedback.drain()) {
            handle(envelope);
        }
        drainLocal();
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        for (Envelope envelope : delayed.takeDue(timer.getTimestamp())) {
            route(envelope);
        }
        drainLocal();
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        // Delays are processing time only.
    }

    /** One message for one address: send it now, or queue it behind the batch in flight. */
    private void handle(Envelope envelope) throws Exception {
        setCurrentKey(envelope.key());
        String functionType = envelope.target().type().asString();
        ToFunction.Invocation invocation = Requests.invocationOf(envelope);
        while (batches.hasInFlight(functionType) && bufferIsFull()) {
            // Back-pressure on the task-wide sum of buffered messages. Waiting runs other mails
            // (replies), which move the key: take it back before touching state again.
            mailbox.yield();
            setCurrentKey(envelope.key());
        }
        if (batches.hasInFlight(functionType)) {
            batches.enqueue(functionType, invocation);
        } else {
            send(envelope.target(), List.of(invocation));
        }
    }

    private boolean bufferIsFull() {
        return maxBufferedPerTask > 0 && batches.buffered() >= maxBufferedPerTask;
    }

    private void drainLocal() throws Exception {
        if (draining) {
            return; // the outer drain loop will get to them
        }
        draining = true;
        try {
            Envelope next;
            while ((next = local.poll()) != null) {
                handle(next);
            }
        } finally {
            draining = false;
        }
    }

    // ---- invoking ------------------------------------------------------------------------

    private void send(FunctionAddress address, List<ToFunction.Invocation> batch) throws Exception {
        FunctionBinding binding = binding(address.type());
        Invoker invoker = invokersByEndpoint.get(binding.endpointName());
        String functionType = address.type().asString();
        List<ToFunction.Invocation> sent = batch;
        if (binding.maxNumBatchRequests() > 0 && sent.size() > binding.maxNumBatchRequests()) {
            sent = sent.subList(0, binding.maxNumBatchRequests());
        }
        List<StateRegistry.Spec> states = registry.statesOf(address.type());
        ToFunction request = Requests.request(address, sent, states, this::read);
        if (request.getSerializedSize() > invoker.maxRequestBytes()) {
            // Rare path: reading the states again for the exact size is fine.
            int withoutInvocations =
                    Requests.request(address, List.of(), states, this::read).getSerializedSize();
            sent =
                    Requests.fitting(
                            address,
                            sent,
                            withoutInvocations,
                            invoker.maxRequestBytes(),
                            invoker.describeRequestLimit(),
                            binding.endpointName());
            request = Requests.request(address, sent, states, this::read);
        }
        if (sent.size() < batch.size()) {
            batches.returnToBacklog(functionType, batch.subList(sent.size(), batch.size()));
        }
        batches.setInFlight(functionType, sent);
        while (spec.maxInFlightPerTask() > 0 && inFlight >= spec.maxInFlightPerTask()) {
            mailbox.yield();
        }
        inFlight++;
        List<ToFunction.Invocation> attempt = List.copyOf(sent);
        invoker.invoke(request)
                .whenComplete(
                        (reply, failure) -> deliver(address, binding, attempt, reply, failure));
    }

    /** Called on the invoker's thread: apply the reply in this operator's mailbox. */
    private void deliver(
            FunctionAddress address,
            FunctionBinding binding,
            List<ToFunction.Invocation> batch,
            FromFunction reply,
            Throwable failure) {
        try {
            mailbox.execute(
                    () -> onReply(address, binding, batch, reply, failure),
                    "reply for %s",
                    address);
        } catch (RejectedExecutionException e) {
            // This task is shutting down; the batch is in flight in the last checkpoint and is
            // re-sent on restore.
        }
    }

    private void onReply(
            FunctionAddress address,
            FunctionBinding binding,
            List<ToFunction.Invocation> batch,
            FromFunction reply,
            Throwable failure)
            throws Exception {
        inFlight--;
        setCurrentKey(address.id());
        String functionType = address.type().asString();
        if (failure != null) {
            onFailure(address, binding, batch, unwrap(failure));
        } else if (reply.hasIncompleteInvocationContext()) {
            for (var missing : reply.getIncompleteInvocationContext().getMissingValuesList()) {
                registry.register(address.type(), missing);
            }
            send(address, batch);
            drainLocal();
            return;
        } else {
            apply(address, reply.getInvocationResult());
        }
        batches.clearInFlight(functionType);
        List<ToFunction.Invocation> waiting = batches.takeBacklog(functionType);
        if (!waiting.isEmpty()) {
            send(address, waiting);
        }
        drainLocal();
    }

    private void onFailure(
            FunctionAddress address,
            FunctionBinding binding,
            List<ToFunction.Invocation> batch,
            Throwable failure) {
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
        LOG.warn(
                "Sending {} messages for {} to dead-letter egress {}: {}",
                batch.size(),
                address,
                binding.deadLetterEgress(),
                failure.getMessage());
        emitEgress(
                DeadLetters.record(
                        binding.deadLetterEgress(),
                        address,
                        binding.endpointName(),
                        String.valueOf(failure.getMessage()),
                        attempts,
                        batch));
    }

    // ---- applying a reply ----------------------------------------------------------------

    private void apply(FunctionAddress self, FromFunction.InvocationResponse response)
            throws Exception {
        for (FromFunction.Invocation message : response.getOutgoingMessagesList()) {
            route(
                    new Envelope(
                            FunctionAddress.fromProto(message.getTarget()),
                            self,
                            message.getArgument().getTypename(),
                            message.getArgument().getValue().toByteArray()));
        }
        for (FromFunction.DelayedInvocation delayedMessage : response.getDelayedInvocationsList()) {
            if (delayedMessage.getIsCancellationRequest()) {
                delayed.cancel(delayedMessage.getCancellationToken());
            } else {
                long due =
                        getProcessingTimeService().getCurrentProcessingTime()
                                + Math.max(0, delayedMessage.getDelayInMs());
                delayed.schedule(
                        due,
                        delayedMessage.getCancellationToken(),
                        new Envelope(
                                FunctionAddress.fromProto(delayedMessage.getTarget()),
                                self,
                                delayedMessage.getArgument().getTypename(),
                                delayedMessage.getArgument().getValue().toByteArray()));
            }
        }
        for (FromFunction.EgressMessage egress : response.getOutgoingEgressesList()) {
            TypeName id = new TypeName(egress.getEgressNamespace(), egress.getEgressType());
            if (!spec.egressIds().contains(id)) {
                throw new IllegalStateException(
                        "function "
                                + self
                                + " sent a record to egress "
                                + id
                                + ", which the module does not declare (it declares "
                                + spec.egressIds()
                                + ")");
            }
            emitEgress(
                    new EgressRecord(
                            id,
                            egress.getArgument().getTypename(),
                            egress.getArgument().getValue().toByteArray()));
        }
        for (PersistedValueMutation mutation : response.getStateMutationsList()) {
            StateRegistry.Spec state = registry.get(self.type(), mutation.getStateName());
            if (state == null) {
                throw new IllegalStateException(
                        "function "
                                + self
                                + " changed state '"
                                + mutation.getStateName()
                                + "', which it never declared");
            }
            ValueState<byte[]> value = valueState(state);
            if (mutation.getMutationType() == PersistedValueMutation.MutationType.DELETE) {
                value.clear();
            } else {
                String typename = mutation.getStateValue().getTypename();
                if (!state.typename().equals(typename)
                        && !state.typename().equals("io.statefun.types/unset")) {
                    throw new IllegalStateException(
                            "function "
                                    + self
                                    + " wrote state '"
                                    + state.name()
                                    + "' as "
                                    + typename
                                    + ", but it is registered as "
                                    + state.typename());
                }
                value.update(mutation.getStateValue().getValue().toByteArray());
            }
        }
    }

    /** Delivers locally when the key is this subtask's, else through the feedback loop. */
    private void route(Envelope envelope) {
        int subtask =
                KeyGroupRangeAssignment.assignKeyToParallelOperator(
                        envelope.key(),
                        getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks(),
                        getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        if (subtask == getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()) {
            local.add(envelope);
        } else {
            output.collect(new StreamRecord<>(envelope));
        }
    }

    private void emitEgress(EgressRecord record) {
        output.collect(EgressOutputs.tag(record.egressId()), new StreamRecord<>(record));
    }

    // ---- checkpoints and restore ---------------------------------------------------------

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        registry.snapshot();
    }

    /**
     * Marks how far the feedback was consumed at this checkpoint. This must happen before the
     * barrier leaves this task (Flink sends it downstream before the synchronous snapshot), so that
     * the tail, which snapshots once the barrier reached it, always finds the mark.
     */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        feedback.markHeadSnapshot(checkpointId);
    }

    /**
     * Batches that were in flight at the checkpoint are sent again: invocation is at-least-once.
     */
    private void resendInFlightBatches(
            org.apache.flink.runtime.state.KeyedStateBackend<String> backend) throws Exception {
        Map<String, Map<String, byte[]>> pending = new HashMap<>();
        backend.applyToAllKeys(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                AddressBatches.IN_FLIGHT,
                (key, state) -> {
                    for (Map.Entry<String, byte[]> entry : state.entries()) {
                        pending.computeIfAbsent(key, k -> new HashMap<>())
                                .put(entry.getKey(), entry.getValue());
                    }
                });
        for (Map.Entry<String, Map<String, byte[]>> key : pending.entrySet()) {
            setCurrentKey(key.getKey());
            for (Map.Entry<String, byte[]> batch : key.getValue().entrySet()) {
                FunctionAddress address =
                        new FunctionAddress(TypeName.parse(batch.getKey()), key.getKey());
                send(address, AddressBatches.decode(batch.getValue()));
            }
        }
        if (!pending.isEmpty()) {
            LOG.info(
                    "Re-sent the batches of {} keys that were in flight at the restored checkpoint",
                    pending.size());
        }
    }

    @Override
    public void close() throws Exception {
        if (invokersByEndpoint != null) {
            invokersByEndpoint.values().forEach(Invoker::close);
            invokersByEndpoint = null;
        }
        if (feedback != null) {
            feedback.unregisterConsumer();
            FeedbackChannelKey.release(this);
            feedback = null;
        }
        super.close();
    }

    // ---- helpers -------------------------------------------------------------------------

    private FunctionBinding binding(TypeName type) {
        return bindingCache.computeIfAbsent(
                type,
                t -> {
                    Optional<FunctionBinding> binding = spec.bindingFor(t);
                    return binding.orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "no endpoint serves function type "
                                                    + t
                                                    + "; bind it (or its namespace) in the module"));
                });
    }

    private byte[] read(StateRegistry.Spec state) {
        try {
            return valueState(state).value();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read state " + state.stateName(), e);
        }
    }

    private ValueState<byte[]> valueState(StateRegistry.Spec state) {
        return valueStates.computeIfAbsent(
                state,
                spec -> {
                    try {
                        return getPartitionedState(spec.descriptor());
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot open state " + spec.stateName(), e);
                    }
                });
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
    }
}
