package dev.ferry.runtime.core.translation;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.playground.PlaygroundEgressSink;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.module.PlaygroundEgressSpec;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * {@code io.statefun.playground.v1/egress}: one sink of parallelism 1, so one HTTP server owns the
 * port and sees every record, whatever the job's parallelism.
 */
record PlaygroundEgressPlan(PlaygroundEgressSpec spec) implements EgressPlan {

    @Override
    public TypeName id() {
        return spec.id();
    }

    @Override
    @SuppressWarnings("deprecation")
    public void attach(DataStream<EgressRecord> records) {
        records.addSink(new PlaygroundEgressSink(spec))
                .uid("egress-" + spec.id().asString())
                .name("playground egress :" + spec.port())
                .setParallelism(1);
    }
}
