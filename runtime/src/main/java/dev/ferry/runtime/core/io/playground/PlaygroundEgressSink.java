package dev.ferry.runtime.core.io.playground;

import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.module.PlaygroundEgressSpec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

/**
 * {@code io.statefun.playground.v1/egress}: runs the HTTP server while the task runs and queues
 * each record's payload under its topic. Records are written as they arrive and kept in memory
 * only: after a restore, records emitted since the last checkpoint are emitted again, and records
 * not yet read are gone. Run it with parallelism 1, so one server owns the port and every record.
 */
@SuppressWarnings("deprecation") // the legacy sink API keeps this small; it is not user-facing
public final class PlaygroundEgressSink extends RichSinkFunction<EgressRecord> {
    private static final long serialVersionUID = 1L;

    private final PlaygroundEgressSpec spec;
    private transient PlaygroundEgressServer server;

    public PlaygroundEgressSink(PlaygroundEgressSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        server = PlaygroundEgressServer.start(spec.bindAddress(), spec.port(), spec.topics());
    }

    @Override
    public void invoke(EgressRecord record, Context context) {
        PlaygroundEgressRecord decoded = PlaygroundEgressRecord.decode(record);
        if (!server.hasTopic(decoded.topic())) {
            // The playground fails here too: a record for an undeclared topic is a module error.
            throw new IllegalArgumentException(
                    "a function sent the playground egress a record for topic '"
                            + decoded.topic()
                            + "', which the module does not declare; declared topics: "
                            + spec.topics());
        }
        server.offer(decoded.topic(), decoded.payload());
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
