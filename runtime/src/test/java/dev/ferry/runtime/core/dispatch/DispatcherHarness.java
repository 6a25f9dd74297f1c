package dev.ferry.runtime.core.dispatch;

import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.RetryPolicy;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.core.message.EnvelopeKeySelector;
import dev.ferry.runtime.core.message.EnvelopeSerializer;
import dev.ferry.runtime.module.FunctionPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * The dispatcher in Flink's keyed operator test harness, with the mailbox run by the test thread
 * (as the task thread would) and helpers to send messages and read the egress.
 */
final class DispatcherHarness implements AutoCloseable {
    static final TypeName OUT = new TypeName("test", "out");
    static final TypeName DEAD = new TypeName("test", "dead");

    final KeyedOneInputStreamOperatorTestHarness<String, Envelope, Envelope> harness;

    private DispatcherHarness(DispatcherOperatorFactory factory, int parallelism, int subtask)
            throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        factory,
                        new EnvelopeKeySelector(),
                        Types.STRING,
                        128,
                        parallelism,
                        subtask);
    }

    static DispatcherSpec spec(InvokerFactory invoker, boolean deadLetter, int maxInFlight) {
        return new DispatcherSpec(
                List.of(
                        new FunctionBinding(
                                FunctionPattern.namespace("test"),
                                "sdk-endpoint",
                                invoker,
                                1000,
                                deadLetter,
                                deadLetter ? DEAD : null)),
                Set.of(OUT, DEAD),
                maxInFlight);
    }

    /**
     * A spec whose one endpoint sends address batches, at most {@code requestsInFlight} at once.
     */
    static DispatcherSpec addressBatchingSpec(
            InvokerFactory invoker, boolean deadLetter, int requestsInFlight) {
        return addressBatchingSpec(
                invoker, deadLetter, requestsInFlight, RetryPolicy.defaults(Duration.ofMinutes(1)));
    }

    /**
     * {@link #addressBatchingSpec(InvokerFactory, boolean, int)} with the endpoint's retry policy.
     */
    static DispatcherSpec addressBatchingSpec(
            InvokerFactory invoker, boolean deadLetter, int requestsInFlight, RetryPolicy retry) {
        return new DispatcherSpec(
                List.of(
                        new FunctionBinding(
                                FunctionPattern.namespace("test"),
                                "sdk-endpoint",
                                invoker,
                                1000,
                                deadLetter,
                                deadLetter ? DEAD : null,
                                true,
                                requestsInFlight,
                                retry)),
                Set.of(OUT, DEAD),
                0);
    }

    /** An opened dispatcher, one subtask of one. */
    static DispatcherHarness open(DispatcherSpec spec) throws Exception {
        return open(spec, null, 1, 0);
    }

    static DispatcherHarness open(
            DispatcherSpec spec, OperatorSubtaskState restored, int parallelism, int subtask)
            throws Exception {
        return open(new DispatcherOperatorFactory(spec), restored, parallelism, subtask);
    }

    static DispatcherHarness open(
            DispatcherOperatorFactory factory,
            OperatorSubtaskState restored,
            int parallelism,
            int subtask)
            throws Exception {
        DispatcherHarness dispatcher = new DispatcherHarness(factory, parallelism, subtask);
        if (restored == null) {
            dispatcher.harness.setup(EnvelopeSerializer.INSTANCE);
            dispatcher.harness.open();
        } else {
            dispatcher.harness.setup(EnvelopeSerializer.INSTANCE);
            dispatcher.harness.initializeState(restored);
            dispatcher.harness.open();
        }
        return dispatcher;
    }

    void send(org.apache.flink.statefun.sdk.java.TypeName type, String id, String text)
            throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        new Envelope(
                                new FunctionAddress(
                                        new TypeName(type.namespace(), type.name()), id),
                                null,
                                "io.statefun.types/string",
                                DispatchFunctions.string(text))));
    }

    /** Runs the mails that are in the mailbox now (replies that arrived). */
    void runMails() throws Exception {
        TaskMailbox mailbox = harness.getTaskMailbox();
        Optional<Mail> mail;
        while ((mail = mailbox.tryTake(TaskMailbox.MIN_PRIORITY)).isPresent()) {
            mail.get().run();
        }
    }

    /** Runs mails as they arrive until {@code done} holds. */
    void runMailsUntil(BooleanSupplier done) {
        await().atMost(Duration.ofSeconds(20))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(5))
                .until(
                        () -> {
                            runMails();
                            return done.getAsBoolean();
                        });
    }

    /** Runs mails until the egress {@code id} has {@code count} records. */
    List<String> awaitOut(int count) {
        runMailsUntil(() -> out().size() >= count);
        return out();
    }

    /** Answers held invocations one at a time, running the mails, until {@code count} outputs. */
    List<String> releaseUntilOut(SdkInvoker invoker, int count) throws Exception {
        return releaseUntilOut(invoker, count, 0);
    }

    /**
     * {@link #releaseUntilOut(SdkInvoker, int)}, moving processing time on by {@code stepMillis}
     * whenever nothing is held, so that re-sends waiting out their backoff go.
     */
    List<String> releaseUntilOut(SdkInvoker invoker, int count, long stepMillis) throws Exception {
        while (out().size() < count) {
            runMailsUntil(
                    () -> {
                        if (invoker.heldCount() == 0 && stepMillis > 0) {
                            advanceTime(stepMillis);
                        }
                        return invoker.heldCount() > 0;
                    });
            invoker.releaseOne();
            runMails();
        }
        return out();
    }

    /**
     * Calls each of {@code types} once, at id {@value #WARM_UP_ID}, until it has answered, then
     * forgets those requests and outputs: from here on the types behave as in a job that has run a
     * while (their first call, which holds the type's other addresses, is over). Each type must
     * write one record to {@code test/out} per message.
     */
    void warmUp(SdkInvoker invoker, org.apache.flink.statefun.sdk.java.TypeName... types)
            throws Exception {
        for (var type : types) {
            send(type, WARM_UP_ID, "warm-up");
            releaseUntilOut(invoker, out().size() + 1);
        }
        invoker.forgetRequests();
        var queue = harness.getSideOutput(EgressOutputs.tag(OUT));
        if (queue != null) {
            queue.clear();
        }
    }

    static final String WARM_UP_ID = "warm-up";

    /** Moves processing time on, firing the timers that came due. */
    void advanceTime(long millis) {
        try {
            harness.setProcessingTime(harness.getProcessingTime() + millis);
        } catch (Exception e) {
            throw new IllegalStateException("a timer failed at processing time +" + millis, e);
        }
    }

    List<String> out() {
        List<String> texts = new ArrayList<>();
        for (EgressRecord record : records(OUT)) {
            texts.add(DispatchFunctions.text(record.value()));
        }
        return texts;
    }

    List<EgressRecord> records(TypeName egress) {
        List<EgressRecord> records = new ArrayList<>();
        var queue = harness.getSideOutput(EgressOutputs.tag(egress));
        if (queue != null) {
            queue.forEach(record -> records.add(record.getValue()));
        }
        return records;
    }

    /** Envelopes on the main output (to keys of other subtasks). */
    List<Envelope> remote() {
        List<Envelope> envelopes = new ArrayList<>();
        for (Object element : harness.getOutput()) {
            if (element instanceof StreamRecord<?> record
                    && record.getValue() instanceof Envelope envelope) {
                envelopes.add(envelope);
            }
        }
        return envelopes;
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
