package dev.ferry.runtime.core.io;

import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.module.PrintEgressSpec;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code ferry.io.v1/print}: one line per record, its value shown by {@link EgressValueFormat}. */
@SuppressWarnings("deprecation") // the legacy sink API keeps this small; it is not user-facing
public final class PrintEgressSink implements SinkFunction<EgressRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PrintEgressSink.class);

    private final PrintEgressSpec.Output output;
    private final EgressValueFormat format;

    public PrintEgressSink(PrintEgressSpec.Output output) {
        this(output, new EgressValueFormat(PrintEgressSpec.Format.AUTO, null));
    }

    public PrintEgressSink(PrintEgressSpec.Output output, EgressValueFormat format) {
        this.output = output;
        this.format = format;
    }

    @Override
    public void invoke(EgressRecord record, Context context) {
        String line = record.egressId() + ": " + format.show(record);
        if (output == PrintEgressSpec.Output.LOG) {
            LOG.info(line);
        } else {
            System.out.println(line);
        }
    }
}
