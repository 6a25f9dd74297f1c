package dev.ferry.benchmarks;

import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.translation.EgressPlan;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;

/**
 * The benchmark egress: each record is {@code "<function> <id> <count> <sequence>"}; the sink notes
 * when it arrived and the highest count per key.
 */
record MeasuringEgress(TypeName id) implements EgressPlan {

    @Override
    @SuppressWarnings("deprecation")
    public void attach(DataStream<EgressRecord> records) {
        records.addSink(new Sink()).uid("egress-measure").name("measure").setParallelism(1);
    }

    /** Notes each record's arrival, and when each checkpoint's barrier arrived and completed. */
    @SuppressWarnings("deprecation")
    static final class Sink
            implements SinkFunction<EgressRecord>, CheckpointedFunction, CheckpointListener {
        private static final long serialVersionUID = 1L;

        @Override
        public void initializeState(FunctionInitializationContext context) {}

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            Measurements measurements = Measurements.current;
            if (measurements != null) {
                measurements.checkpointBarrier(context.getCheckpointId(), System.nanoTime());
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            Measurements measurements = Measurements.current;
            if (measurements != null) {
                measurements.checkpointCompleted(checkpointId, System.nanoTime());
            }
        }

        @Override
        public void invoke(EgressRecord record, Context context) {
            long now = System.nanoTime();
            Measurements measurements = Measurements.current;
            if (measurements != null) {
                String text = PrimitiveCodecs.decodeString(record.value());
                if (!measurements.recordText(text, now)) {
                    throw new IllegalStateException("unexpected egress record '" + text + "'");
                }
            }
        }
    }
}
