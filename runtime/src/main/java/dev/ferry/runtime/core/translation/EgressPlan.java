package dev.ferry.runtime.core.translation;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.EgressRecord;
import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Attaches the sink of one egress to the records functions send it. */
public interface EgressPlan extends Serializable {
    TypeName id();

    void attach(DataStream<EgressRecord> records);
}
