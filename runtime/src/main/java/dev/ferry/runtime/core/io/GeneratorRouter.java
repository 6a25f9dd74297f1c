package dev.ferry.runtime.core.io;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Turns generated number {@code n} into one message per target, for id {@code n % keySpace}. */
public final class GeneratorRouter implements FlatMapFunction<Long, Envelope> {
    private static final long serialVersionUID = 1L;

    private final GeneratorIngressSpec spec;

    public GeneratorRouter(GeneratorIngressSpec spec) {
        this.spec = spec;
    }

    @Override
    public void flatMap(Long n, Collector<Envelope> out) {
        String id = Long.toString(n % spec.keySpace());
        byte[] value =
                switch (spec.valueType()) {
                    case WellKnownTypes.INT -> PrimitiveCodecs.encodeInt((int) (long) n);
                    case WellKnownTypes.STRING -> PrimitiveCodecs.encodeString("message-" + n);
                    default -> PrimitiveCodecs.encodeLong(n);
                };
        for (TypeName target : spec.targets()) {
            out.collect(
                    new Envelope(new FunctionAddress(target, id), null, spec.valueType(), value));
        }
    }
}
