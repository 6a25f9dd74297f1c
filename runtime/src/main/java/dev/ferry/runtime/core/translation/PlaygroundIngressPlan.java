package dev.ferry.runtime.core.translation;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.playground.PlaygroundIngressSource;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.core.message.SingletonTypeInfo;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.PlaygroundIngressSpec;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code io.statefun.playground.v1/ingress}: one source of parallelism 1, whatever the job's
 * parallelism, so exactly one HTTP server owns the port (on a cluster: on the TaskManager that runs
 * the source). Its messages are already addressed; no router follows.
 *
 * @param served the function patterns of the module's endpoints
 */
record PlaygroundIngressPlan(PlaygroundIngressSpec spec, List<FunctionPattern> served)
        implements IngressPlan {

    @Override
    public TypeName id() {
        return spec.id();
    }

    @Override
    @SuppressWarnings("deprecation")
    public DataStream<Envelope> addTo(StreamExecutionEnvironment env) {
        String name = spec.id().asString();
        return env.addSource(
                        new PlaygroundIngressSource(spec, served),
                        "playground ingress :" + spec.port(),
                        SingletonTypeInfo.ENVELOPE)
                .uid("ingress-" + name)
                .setParallelism(1);
    }
}
