package dev.ferry.runtime.core.translation;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.kinesis.KinesisClientProperties;
import dev.ferry.runtime.core.io.kinesis.KinesisEgressSink;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.module.KinesisEgressSpec;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code io.statefun.kinesis.v1/egress}: the Kinesis Streams sink, one writer per stream the
 * records name, uid {@code egress-<id>}. At-least-once: each checkpoint waits until the records
 * before it are acknowledged; records sent after the last completed checkpoint are sent again after
 * a recovery.
 */
record KinesisEgressPlan(KinesisEgressSpec spec) implements EgressPlan {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisEgressPlan.class);

    @Override
    public TypeName id() {
        return spec.id();
    }

    @Override
    public void attach(DataStream<EgressRecord> records) {
        String name = spec.id().asString();
        KinesisClientProperties.SinkProperties sink =
                KinesisClientProperties.sink(
                        spec.awsRegion(), spec.awsCredentials(), spec.clientConfigProperties());
        if (!sink.ignored().isEmpty()) {
            LOG.warn(
                    "Kinesis egress {}: clientConfigProperties {} are Kinesis Producer Library"
                            + " settings; the Kinesis Streams sink has no such settings and ignores"
                            + " them",
                    spec.id(),
                    sink.ignored());
        }
        records.sinkTo(
                        new KinesisEgressSink(
                                spec.id(),
                                spec.deadLetterStream(),
                                sink.properties(),
                                sink.settings(spec.maxOutstandingRecords())))
                .uid("egress-" + name)
                .name("egress " + name);
    }
}
