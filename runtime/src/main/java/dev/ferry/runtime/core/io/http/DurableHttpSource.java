package dev.ferry.runtime.core.io.http;

import dev.ferry.runtime.core.io.HttpIngressMetrics;
import dev.ferry.runtime.core.io.http.AcknowledgementLedger.Accepted;
import dev.ferry.runtime.core.io.http.AcknowledgementLedger.RememberedKey;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.module.HttpIngressSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.RichSourceFunction;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ferry.io.v1/http} as a Flink source: the messages of accepted requests are emitted under
 * the checkpoint lock, each snapshot seals what was emitted before its barrier, and {@link
 * #notifyCheckpointComplete} makes those requests durable, which answers their clients {@code 202}.
 * The idempotency keys of emitted requests are operator state, so a key whose message a restored
 * checkpoint holds is answered {@code 202} again without sending anything.
 *
 * <p>A non-parallel source (the legacy API): Flink calls {@code snapshotState} holding the same
 * lock the emitting loop takes, which is exactly the "emitted before this barrier" cut the
 * acknowledgements need, with no split enumerator or reader to write.
 */
@SuppressWarnings("deprecation") // the legacy source API: see the class comment
public final class DurableHttpSource extends RichSourceFunction<Envelope>
        implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DurableHttpSource.class);
    private static final TypeInformation<Tuple2<String, Long>> KEY_TYPE =
            TypeInformation.of(new TypeHint<>() {});

    private final HttpIngressSpec spec;
    private final HttpIngressAddressing addressing;

    private transient AcknowledgementLedger ledger;
    private transient ListState<Tuple2<String, Long>> keys;
    private transient HttpIngressServer server;
    private transient HttpIngressMetrics metrics;
    private volatile boolean running = true;

    public DurableHttpSource(HttpIngressSpec spec, HttpIngressAddressing addressing) {
        this.spec = spec;
        this.addressing = addressing;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        ledger =
                new AcknowledgementLedger(
                        spec.maxPendingRequests(), spec.idempotencyWindow().toMillis());
        keys =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("idempotency-keys", KEY_TYPE));
        List<RememberedKey> restored = new ArrayList<>();
        for (Tuple2<String, Long> key : keys.get()) {
            restored.add(new RememberedKey(key.f0, key.f1));
        }
        ledger.restore(restored);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        if (!((StreamingRuntimeContext) getRuntimeContext()).isCheckpointingEnabled()) {
            throw new IllegalStateException(
                    HttpIngressSpec.KIND
                            + " "
                            + spec.id()
                            + " answers only after a checkpoint, but checkpointing is off;"
                            + " set a checkpoint interval");
        }
        metrics =
                HttpIngressMetrics.register(
                        getRuntimeContext().getMetricGroup(), spec.id(), ledger::pending);
        server =
                HttpIngressServer.start(
                        spec.bindAddress(),
                        spec.port(),
                        addressing,
                        ledger,
                        metrics,
                        spec.maxBodySize(),
                        spec.token());
        LOG.info(
                "{} {} listening on http://{}:{}",
                HttpIngressSpec.KIND,
                spec.id(),
                spec.bindAddress(),
                server.port());
    }

    @Override
    public void run(SourceContext<Envelope> context) throws Exception {
        while (running) {
            List<Accepted> batch = ledger.take(100);
            for (Accepted accepted : batch) {
                synchronized (context.getCheckpointLock()) {
                    accepted.messages().forEach(context::collect);
                    ledger.emitted(accepted);
                    metrics.emitted(accepted.messages().size());
                }
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<Tuple2<String, Long>> kept = new ArrayList<>();
        for (RememberedKey key :
                ledger.seal(context.getCheckpointId(), System.currentTimeMillis())) {
            kept.add(Tuple2.of(key.key(), key.acceptedAtMillis()));
        }
        keys.update(kept);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        ledger.completed(checkpointId);
    }

    @Override
    public void cancel() {
        running = false;
        if (ledger != null) {
            ledger.stop("the ingress is stopping");
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        if (ledger != null) {
            ledger.stop("the ingress stopped before a checkpoint held the message");
        }
        if (server != null) {
            server.close();
            server = null;
        }
        super.close();
    }
}
