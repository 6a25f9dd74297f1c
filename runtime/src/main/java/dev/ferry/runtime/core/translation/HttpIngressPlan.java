package dev.ferry.runtime.core.translation;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.http.DurableHttpSource;
import dev.ferry.runtime.core.io.http.HttpIngressAddressing;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.core.message.SingletonTypeInfo;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.HttpIngressSpec;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code ferry.io.v1/http}: one server in one source subtask (parallelism 1, so clients have one
 * address and idempotency keys one home); its messages are spread by address to the dispatchers at
 * any parallelism.
 *
 * @param served the functions some endpoint serves
 */
record HttpIngressPlan(HttpIngressSpec spec, List<FunctionPattern> served) implements IngressPlan {

    @Override
    public TypeName id() {
        return spec.id();
    }

    @Override
    @SuppressWarnings("deprecation")
    public DataStream<Envelope> addTo(StreamExecutionEnvironment env) {
        String name = spec.id().asString();
        return env.addSource(
                        new DurableHttpSource(
                                spec, new HttpIngressAddressing(spec.routes(), served)),
                        "http " + name,
                        SingletonTypeInfo.ENVELOPE)
                .uid("ingress-" + name)
                .setParallelism(1);
    }
}
