package dev.ferry.runtime.core.translation;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.Envelope;
import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Adds one ingress to the job: its source and its router, ending in messages for functions. */
public interface IngressPlan extends Serializable {
    TypeName id();

    /**
     * Adds the source and router. When {@link #deadLetterEgress()} names an egress, the returned
     * stream is the router's {@code SingleOutputStreamOperator}, whose side output {@link
     * dev.ferry.runtime.core.io.BadRecords#OUTPUT} carries the dead letters.
     */
    DataStream<Envelope> addTo(StreamExecutionEnvironment env);

    /** The egress that receives this ingress's bad records, or null when they fail the job. */
    default TypeName deadLetterEgress() {
        return null;
    }
}
