package dev.ferry.runtime.core.translation;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.PrintEgressSink;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.module.PrintEgressSpec;
import org.apache.flink.streaming.api.datastream.DataStream;

/** {@code ferry.io.v1/print}. */
record PrintEgressPlan(PrintEgressSpec spec) implements EgressPlan {

    @Override
    public TypeName id() {
        return spec.id();
    }

    @Override
    @SuppressWarnings("deprecation")
    public void attach(DataStream<EgressRecord> records) {
        records.addSink(new PrintEgressSink(spec.output()))
                .uid("egress-" + spec.id().asString())
                .name("egress " + spec.id());
    }
}
