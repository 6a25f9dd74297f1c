package dev.ferry.runtime.core.translation;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.GeneratorRouter;
import dev.ferry.runtime.core.io.GeneratorSource;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.core.message.SingletonTypeInfo;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code ferry.io.v1/generator}: one source (parallelism 1, so the sequence is exact) and its
 * router.
 */
record GeneratorIngressPlan(GeneratorIngressSpec spec) implements IngressPlan {

    @Override
    public TypeName id() {
        return spec.id();
    }

    @Override
    public DataStream<Envelope> addTo(StreamExecutionEnvironment env) {
        String name = spec.id().asString();
        return env.fromSource(
                        new GeneratorSource(spec.rate(), spec.count()),
                        WatermarkStrategy.noWatermarks(),
                        "generator " + name,
                        Types.LONG)
                .uid("ingress-" + name)
                .setParallelism(1)
                .flatMap(new GeneratorRouter(spec), SingletonTypeInfo.ENVELOPE)
                .uid("router-" + name)
                .name("router " + name);
    }
}
