package dev.ferry.runtime.core.translation;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.Envelope;
import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Adds one ingress to the job: its source and its router, ending in messages for functions. */
public interface IngressPlan extends Serializable {
    TypeName id();

    DataStream<Envelope> addTo(StreamExecutionEnvironment env);
}
