package dev.ferry.runtime.core.dispatch;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.invokers.InvocationFailedException;
import dev.ferry.invokers.Invoker;
import dev.ferry.invokers.RetryPolicy;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.protocol.wire.batch.AddressBatchReply;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;

/**
 * Ferry's cross-address batching: the ready batches of many addresses of one endpoint travel in one
 * request ({@code AddressBatchRequest}), for endpoints that declare {@code addressBatching}.
 *
 * <p>One lane per endpoint and target (URL or function name). A lane has at most {@code
 * maxRequestsInFlight} requests in flight; an address batch that becomes ready while the lane is
 * full waits in the lane and leaves with the next request, together with everything else that
 * became ready meanwhile. There is no linger: under light load a batch leaves at once, alone; under
 * heavy load requests fill up by themselves, as far as the endpoint's byte limit allows.
 *
 * <p>Each address keeps its own exactly-once bookkeeping: its batch is in flight in keyed state
 * from the moment it joins a lane ({@link AddressBatches}), so a checkpoint records it per address
 * and a restore sends it again; each address's result is handled on its own, under its key, as a
 * single request's reply would be ({@link Results}). A result the reply lacks or that failed sends
 * that address's batch again in a later request, after a backoff and within the attempts and the
 * deadline of the endpoint's retry policy ({@link AddressResends}); meanwhile it stays in flight.
 */
final class AddressBatchLanes {

    /** Handles one address's part of a reply (or the failure of the whole request). */
    @FunctionalInterface
    interface Results {
        void handle(BatchSender.Outcome outcome) throws Exception;
    }

    /**
     * An address batch ready to go: its request, built when the batch became ready; its sends so
     * far and when the first left (processing time), for the re-send policy.
     */
    record Entry(
            FunctionAddress address,
            FunctionBinding binding,
            List<ToFunction.Invocation> batch,
            ToFunction request,
            int attempt,
            long firstSentMillis) {}

    private final MailboxExecutor mailbox;
    private final ProcessingTimeService timers;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final DispatchListener listener;
    private Results results;

    /**
     * @param timers wakes re-sends after their backoff, in the task's mailbox
     */
    AddressBatchLanes(
            MailboxExecutor mailbox, ProcessingTimeService timers, DispatchListener listener) {
        this.mailbox = mailbox;
        this.timers = timers;
        this.listener = listener;
    }

    void onResults(Results handler) {
        this.results = handler;
    }

    /** The most bytes one address's request may have inside an address batch of {@code limit}. */
    static long addressLimit(long limit) {
        return limit - AddressBatchRequests.ENVELOPE_BYTES;
    }

    /**
     * An address batch is ready: it leaves now if its lane has room, else with the next request.
     */
    void submit(
            FunctionAddress address,
            FunctionBinding binding,
            List<ToFunction.Invocation> batch,
            ToFunction request,
            Invoker invoker) {
        String target = invoker.targetOf(address.type());
        Lane lane =
                lanes.computeIfAbsent(
                        binding.endpointName() + " " + target,
                        key ->
                                new Lane(
                                        invoker,
                                        binding.endpointName(),
                                        binding.maxRequestsInFlight()));
        lane.waiting.add(
                new Entry(address, binding, batch, request, 1, timers.getCurrentProcessingTime()));
        lane.flush();
    }

    /** Address batches waiting in lanes, not yet sent. */
    int waiting() {
        int waiting = 0;
        for (Lane lane : lanes.values()) {
            waiting += lane.waiting.size();
        }
        return waiting;
    }

    private final class Lane {
        private final Invoker invoker;
        private final String endpoint;
        private final int maxInFlight;
        private final ArrayDeque<Entry> waiting = new ArrayDeque<>();
        private int inFlight;

        /** True while a reply's results are handled: what they make ready waits for the end. */
        private boolean handling;

        Lane(Invoker invoker, String endpoint, int maxInFlight) {
            this.invoker = invoker;
            this.endpoint = endpoint;
            this.maxInFlight = Math.max(1, maxInFlight);
        }

        void flush() {
            while (!handling && inFlight < maxInFlight && !waiting.isEmpty()) {
                List<Entry> sent = AddressBatchRequests.take(waiting, invoker.maxRequestBytes());
                send(sent);
            }
        }

        private void send(List<Entry> entries) {
            inFlight++;
            int messages = 0;
            for (Entry entry : entries) {
                messages += entry.batch().size();
            }
            var request = AddressBatchRequests.request(entries);
            for (Entry entry : entries) {
                listener.sent(
                        entry.address(), entry.batch().size(), entry.request().getSerializedSize());
            }
            listener.addressBatchSent(
                    endpoint, entries.size(), messages, request.getSerializedSize());
            long sentAt = System.nanoTime();
            invoker.invokeAddressBatch(entries.get(0).address().type(), request, messages)
                    .whenComplete(
                            (reply, failure) -> {
                                try {
                                    mailbox.execute(
                                            () -> completed(entries, reply, failure, sentAt),
                                            "reply for %s address batches",
                                            entries.size());
                                } catch (RejectedExecutionException e) {
                                    // Shutting down: every address is in flight in the last
                                    // checkpoint and is sent again on restore.
                                }
                            });
        }

        /** In the mailbox: each address's result, then what became ready meanwhile. */
        private void completed(
                List<Entry> entries, AddressBatchReply reply, Throwable failure, long sentAt)
                throws Exception {
            inFlight--;
            handling = true;
            try {
                for (int i = 0; i < entries.size(); i++) {
                    Entry entry = entries.get(i);
                    if (failure != null) {
                        results.handle(outcome(entry, null, failure, sentAt));
                        continue;
                    }
                    String problem = null;
                    String failed = null;
                    FromFunction fromFunction = null;
                    if (i >= reply.getResultsCount()) {
                        problem = "the reply has no result for it";
                    } else if (reply.getResults(i).hasFromFunction()) {
                        try {
                            fromFunction =
                                    FromFunction.parseFrom(reply.getResults(i).getFromFunction());
                        } catch (InvalidProtocolBufferException e) {
                            problem = "its result is not a FromFunction: " + e.getMessage();
                        }
                    } else {
                        failed = reply.getResults(i).getFailure();
                        problem = "the function failed: " + failed;
                    }
                    if (problem == null) {
                        results.handle(outcome(entry, fromFunction, null, sentAt));
                    } else {
                        retry(entry, problem, failed, sentAt);
                    }
                }
            } finally {
                handling = false;
            }
            flush();
        }

        /** Sends the address's batch again after the policy's backoff, or fails it. */
        private void retry(Entry entry, String problem, String failed, long sentAt)
                throws Exception {
            RetryPolicy policy = entry.binding().retry();
            long now = timers.getCurrentProcessingTime();
            long delay =
                    AddressResends.delayMillis(
                            policy, entry.attempt(), entry.firstSentMillis(), now, failed);
            if (delay < 0) {
                String where = invoker.targetOf(entry.address().type());
                results.handle(
                        outcome(
                                entry,
                                null,
                                new InvocationFailedException(
                                        where,
                                        entry.attempt(),
                                        true,
                                        "address batch for "
                                                + entry.address()
                                                + " failed in "
                                                + entry.attempt()
                                                + (entry.attempt() == 1 ? " reply" : " replies")
                                                + " of "
                                                + where
                                                + " (endpoint retry policy: "
                                                + describe(policy)
                                                + "); last: "
                                                + problem,
                                        null),
                                sentAt));
                return;
            }
            listener.addressResent(entry.address());
            Entry next =
                    new Entry(
                            entry.address(),
                            entry.binding(),
                            entry.batch(),
                            entry.request(),
                            entry.attempt() + 1,
                            entry.firstSentMillis());
            // In the mailbox, like a reply: the address stays in flight meanwhile.
            timers.registerTimer(
                    now + delay,
                    time -> {
                        waiting.add(next);
                        flush();
                    });
        }
    }

    /** The bounds of the endpoint's retry policy, for an error. */
    private static String describe(RetryPolicy policy) {
        return (policy.maxAttempts() > 0 ? "at most " + policy.maxAttempts() + " attempts, " : "")
                + "deadline "
                + policy.deadline().toMillis()
                + " ms, statuses below 500 retried: "
                + policy.retryableStatuses();
    }

    private static BatchSender.Outcome outcome(
            Entry entry, FromFunction reply, Throwable failure, long sentAt) {
        return new BatchSender.Outcome(
                entry.address(), entry.binding(), entry.batch(), reply, failure, sentAt);
    }
}
