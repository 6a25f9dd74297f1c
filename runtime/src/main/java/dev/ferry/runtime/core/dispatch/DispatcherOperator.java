package dev.ferry.runtime.core.dispatch;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.runtime.core.feedback.FeedbackChannel;
import dev.ferry.runtime.core.feedback.FeedbackChannelKey;
import dev.ferry.runtime.core.message.Envelope;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every function type of the job for the keys of its subtask, and is the head of the feedback
 * loop.
 *
 * <p>The flow: every input — records from upstream, feedback, messages to keys of this task,
 * delayed messages that came due — joins one FIFO ({@link InputQueue}). Per address (function type
 * + id) at most one batch is in flight ({@link AddressBatches}, on the heap and in every
 * checkpoint); a message for an address with a batch in flight waits in keyed state and goes with
 * the next batch ({@link BatchSender}). Replies come back on the invoker's threads and are handled
 * in this operator's mailbox under the reply's key: a missing-state answer declares the states
 * ({@link FunctionStates}) and sends again; a result is checked and applied ({@link ReplyApplier}),
 * routing what functions sent ({@link MessageRouter}); a failure or a bad reply becomes a dead
 * letter or fails the job ({@link FailedBatches}). Then the address's backlog goes as its next
 * batch.
 *
 * <p>Back-pressure ({@link BackPressure}) has two task-wide bounds: invocations in flight ({@link
 * DispatcherSpec#maxInFlightPerTask()}) and messages buffered behind batches in flight, summed over
 * all addresses ({@code maxBufferedPerTask}). There is no per-address bound: a hot or stuck address
 * only grows its own backlog and never stalls the others until the whole task is over a bound.
 */
public final class DispatcherOperator extends AbstractStreamOperator<Envelope>
        implements OneInputStreamOperator<Envelope, Envelope>, Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DispatcherOperator.class);

    private final DispatcherSpec spec;
    private final int maxBufferedPerTask;
    private final long maxHeapBacklogBytes;
    private final DispatchListener.Factory listenerFactory;
    private final transient MailboxExecutor mailbox;

    private transient StateRegistry registry;
    private transient ListState<byte[]> checkpointedInFlight;
    private transient boolean restored;
    private transient DispatchListener listener;
    private transient Invokers invokers;
    private transient AddressBatches batches;
    private transient DelayedMessages delayed;
    private transient FunctionStates states;
    private transient InputQueue input;
    private transient MessageRouter router;
    private transient BackPressure backPressure;
    private transient FailedBatches failures;
    private transient BatchSender sender;
    private transient ReplyApplier replies;
    private transient FeedbackChannel feedback;
    private transient IngressTraces traces;

    DispatcherOperator(
            DispatcherSpec spec,
            int maxBufferedPerTask,
            long maxHeapBacklogBytes,
            DispatchListener.Factory listenerFactory,
            MailboxExecutor mailbox) {
        this.spec = spec;
        this.maxBufferedPerTask = maxBufferedPerTask;
        this.maxHeapBacklogBytes = maxHeapBacklogBytes;
        this.listenerFactory = listenerFactory;
        this.mailbox = mailbox;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        registry = new StateRegistry();
        registry.initialize(context.getOperatorStateStore());
        checkpointedInFlight =
                context.getOperatorStateStore().getUnionListState(AddressBatches.IN_FLIGHT);
        restored = context.isRestored();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        super.open();
        listener = listenerFactory.create(getMetricGroup());
        invokers = new Invokers(spec, listener);
        var backend = (KeyedStateBackend<String>) (Object) getKeyedStateBackend();
        batches = new AddressBatches(backend, checkpointedInFlight, maxHeapBacklogBytes);
        traces = new IngressTraces();
        delayed =
                new DelayedMessages(
                        backend,
                        getInternalTimerService(
                                "delayed-messages", VoidNamespaceSerializer.INSTANCE, this));
        states = new FunctionStates(registry, this::getPartitionedState);
        input = new InputQueue(this::handle);
        router = new MessageRouter(getRuntimeContext().getTaskInfo(), input, output, listener);
        failures = new FailedBatches(router::emitEgress, listener);
        backPressure =
                new BackPressure(mailbox, spec.maxInFlightPerTask(), maxBufferedPerTask, listener);
        AddressBatchLanes lanes =
                new AddressBatchLanes(mailbox, getProcessingTimeService(), listener);
        lanes.onResults(this::onAddressOutcome);
        sender =
                new BatchSender(
                        invokers,
                        states,
                        batches,
                        backPressure,
                        failures,
                        mailbox,
                        this::setCurrentKey,
                        listener,
                        lanes);
        sender.onOutcome(this::onOutcome);
        replies =
                new ReplyApplier(
                        spec.egressIds(),
                        invokers,
                        states,
                        delayed,
                        router,
                        () -> getProcessingTimeService().getCurrentProcessingTime());
        var task = getRuntimeContext().getTaskInfo();
        int resent =
                InFlightRecovery.resend(
                        backend,
                        batches,
                        sender,
                        KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                                task.getMaxNumberOfParallelSubtasks(),
                                task.getNumberOfParallelSubtasks(),
                                task.getIndexOfThisSubtask()),
                        task.getMaxNumberOfParallelSubtasks(),
                        restored);
        if (resent > 0) {
            LOG.info("Re-sent {} batches that were in flight at the restored checkpoint", resent);
        }
        feedback = FeedbackChannelKey.acquire(this);
        feedback.registerConsumer(this::wakeUpForFeedback);
    }

    // ---- input: every kind joins the one FIFO ------------------------------------------------

    @Override
    public void processElement(StreamRecord<Envelope> element) throws Exception {
        input.add(element.getValue());
        input.drain();
    }

    /** Called on the tail's thread: schedule taking the feedback in this operator's mailbox. */
    private void wakeUpForFeedback() {
        try {
            mailbox.execute(this::takeFeedback, "feedback");
        } catch (RejectedExecutionException e) {
            // This task is shutting down; the messages are in the next checkpoint or replayed.
        }
    }

    private void takeFeedback() throws Exception {
        feedback.drain().forEach(input::add);
        input.drain();
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        for (Envelope envelope : delayed.takeDue(timer.getTimestamp())) {
            router.route(envelope);
        }
        input.drain();
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        // Delays are processing time only.
    }

    /** One message for one address: send it now, or queue it behind the batch in flight. */
    private void handle(Envelope envelope) throws Exception {
        listener.messageIn(envelope.target());
        setCurrentKey(envelope.key());
        String functionType = envelope.target().type().asString();
        ToFunction.Invocation invocation = Requests.invocationOf(envelope);
        while (batches.hasInFlight(functionType) && backPressure.bufferIsFull(batches.buffered())) {
            // Waiting runs other mails (replies), which move the key: take it back before
            // touching state again.
            backPressure.yieldToMailbox();
            setCurrentKey(envelope.key());
        }
        if (batches.hasInFlight(functionType)) {
            batches.enqueue(functionType, invocation);
            traces.waitWith(envelope);
            listener.backlog(batches.buffered());
        } else {
            try (Scope trace = traces.send(envelope)) {
                sender.send(envelope.target(), List.of(invocation));
            }
        }
    }

    // ---- replies -------------------------------------------------------------------------------

    private void onOutcome(BatchSender.Outcome outcome) throws Exception {
        backPressure.invocationEnded();
        onAddressOutcome(outcome);
    }

    /** One address's outcome: from its own request, or its part of an address batch. */
    private void onAddressOutcome(BatchSender.Outcome outcome) throws Exception {
        FunctionAddress address = outcome.address();
        setCurrentKey(address.id());
        boolean resent = false;
        if (outcome.failure() != null) {
            failures.invocationFailed(
                    address, outcome.binding(), outcome.batch(), unwrap(outcome.failure()));
        } else {
            listener.replied(
                    address,
                    System.nanoTime() - outcome.sentAtNanos(),
                    outcome.reply().getSerializedSize());
            // When resent, the same batch went again with the states the function declared.
            resent = onReply(outcome);
        }
        if (!resent) {
            String functionType = address.type().asString();
            batches.clearInFlight(functionType);
            traces.done(address);
            List<ToFunction.Invocation> waiting = batches.takeBacklog(functionType);
            listener.backlog(batches.buffered());
            if (!waiting.isEmpty()) {
                try (Scope trace = traces.sendWaiting(address)) {
                    sender.send(address, waiting);
                }
            }
        }
        // The type has answered: the addresses held for its handshake go now, with its states.
        sender.answered(address.type());
        input.drain();
    }

    /** Applies a reply (or dead-letters its batch); true when the batch was sent again instead. */
    private boolean onReply(BatchSender.Outcome outcome) throws Exception {
        FunctionAddress address = outcome.address();
        FromFunction reply = outcome.reply();
        String problem;
        if (reply.hasIncompleteInvocationContext()) {
            var declared = reply.getIncompleteInvocationContext().getMissingValuesList();
            problem = states.problemWithDeclarations(address.type(), declared);
            if (problem == null) {
                states.declare(address.type(), declared);
                try (Scope trace = traces.resend(address)) {
                    sender.send(address, outcome.batch());
                }
                return true;
            }
        } else if (!reply.hasInvocationResult()) {
            problem = "replied without an invocation result (and without missing states)";
        } else {
            problem = replies.problemWith(address, reply.getInvocationResult());
            if (problem == null) {
                replies.apply(address, reply.getInvocationResult());
            }
        }
        if (problem != null) {
            failures.permanentlyFailed(address, outcome.binding(), outcome.batch(), problem);
        }
        return false;
    }

    // ---- checkpoints and the end ----------------------------------------------------------------

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        states.snapshot();
        batches.snapshot();
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

    @Override
    public void close() throws Exception {
        if (invokers != null) {
            invokers.close();
            invokers = null;
        }
        if (feedback != null) {
            feedback.unregisterConsumer();
            FeedbackChannelKey.release(this);
            feedback = null;
        }
        super.close();
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
    }
}
