package dev.ferry.benchmarks;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.GeneratorRouter;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.core.message.SingletonTypeInfo;
import dev.ferry.runtime.core.translation.IngressPlan;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A generator ingress whose numbers come from a {@link FloodThenPaceSource} instead of the
 * runtime's fixed-rate generator; routed as {@code ferry.io.v1/generator} routes ({@code spec}'s
 * targets, key space and value type).
 */
record FloodThenPaceIngress(GeneratorIngressSpec spec, long flood, long paced, long rate)
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
                        new FloodThenPaceSource(flood, paced, rate),
                        "flood then pace " + name,
                        Types.LONG)
                .uid("ingress-" + name)
                .setParallelism(1)
                .flatMap(new GeneratorRouter(spec), SingletonTypeInfo.ENVELOPE)
                .uid("router-" + name)
                .name("router " + name);
    }
}
