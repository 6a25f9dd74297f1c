package dev.ferry.runtime.core.io.playground;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.HttpIngressMetrics;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.PlaygroundIngressSpec;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.source.RichSourceFunction;

/**
 * {@code io.statefun.playground.v1/ingress}: runs the HTTP server while the task runs and emits the
 * messages it accepts. It keeps nothing in checkpoints: a message answered 200 but not yet in a
 * completed checkpoint is lost when the job fails, as in StateFun's playground. Run it with
 * parallelism 1, so one server owns the port.
 */
@SuppressWarnings("deprecation") // the legacy source API keeps this small; it is not user-facing
public final class PlaygroundIngressSource extends RichSourceFunction<Envelope> {
    private static final long serialVersionUID = 1L;

    /** Accepted messages waiting for the source thread; beyond this the server answers 503. */
    static final int QUEUE_CAPACITY = 10_000;

    private final PlaygroundIngressSpec spec;
    private final List<FunctionPattern> served;

    private transient BlockingQueue<Envelope> queue;
    private transient PlaygroundIngressServer server;
    private transient HttpIngressMetrics metrics;
    private volatile boolean running = true;

    /**
     * @param served the function types (or namespaces) the module's endpoints serve; a request for
     *     any other type is refused rather than failing the job
     */
    public PlaygroundIngressSource(PlaygroundIngressSpec spec, List<FunctionPattern> served) {
        this.spec = spec;
        this.served = List.copyOf(served);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        BlockingQueue<Envelope> waiting = queue;
        metrics =
                HttpIngressMetrics.register(
                        getRuntimeContext().getMetricGroup(), spec.id(), waiting::size);
        server =
                PlaygroundIngressServer.start(
                        spec.bindAddress(), spec.port(), this::isServed, queue, metrics);
    }

    private boolean isServed(TypeName type) {
        return served.stream().anyMatch(pattern -> pattern.matches(type));
    }

    @Override
    public void run(SourceContext<Envelope> context) throws Exception {
        while (running) {
            Envelope message = queue.poll(50, TimeUnit.MILLISECONDS);
            if (message != null) {
                synchronized (context.getCheckpointLock()) {
                    context.collect(message);
                    metrics.emitted(1);
                }
            }
        }
    }

    @Override
    public void cancel() {
        running = false;
    }

    @Override
    public void close() throws Exception {
        running = false;
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
