package dev.ferry.runtime.core.io;

import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.runtime.core.message.DeadLetterTypes;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.module.PrintEgressSpec;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code ferry.io.v1/print}: one line per record, its value decoded when it is a primitive. */
@SuppressWarnings("deprecation") // the legacy sink API keeps this small; it is not user-facing
public final class PrintEgressSink implements SinkFunction<EgressRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PrintEgressSink.class);

    private final PrintEgressSpec.Output output;

    public PrintEgressSink(PrintEgressSpec.Output output) {
        this.output = output;
    }

    @Override
    public void invoke(EgressRecord record, Context context) {
        String line = record.egressId() + ": " + describe(record);
        if (output == PrintEgressSpec.Output.LOG) {
            LOG.info(line);
        } else {
            System.out.println(line);
        }
    }

    static String describe(EgressRecord record) {
        if (record.typename().startsWith("io.statefun.types/")) {
            return PrimitiveCodecs.describe(record.typename(), record.value());
        }
        if (record.typename().equals(DeadLetterTypes.FUNCTION_DEAD_LETTER)) {
            return new String(record.value(), java.nio.charset.StandardCharsets.UTF_8);
        }
        return PrimitiveCodecs.describe(record.typename(), record.value());
    }
}
