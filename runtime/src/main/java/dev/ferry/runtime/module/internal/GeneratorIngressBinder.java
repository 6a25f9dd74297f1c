package dev.ferry.runtime.module.internal;

import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import java.util.List;

/** {@code ferry.io.v1/generator}. */
final class GeneratorIngressBinder implements KindBinder {

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        TypeName id = spec.typeName("id");
        List<TypeName> targets = spec.typeNames("targets", true);
        String valueType =
                spec.choice(
                        "valueType",
                        Choices.ordered(
                                WellKnownTypes.LONG, WellKnownTypes.LONG,
                                WellKnownTypes.INT, WellKnownTypes.INT,
                                WellKnownTypes.STRING, WellKnownTypes.STRING),
                        WellKnownTypes.LONG);
        long rate = spec.optLong("rate", 0L);
        long count = spec.optLong("count", 0L);
        int keySpace = spec.optInt("keySpace", GeneratorIngressSpec.DEFAULT_KEY_SPACE);
        spec.notNegative("rate", rate, "messages per second, or 0 for as fast as possible");
        spec.notNegative("count", count, "a number of messages, or 0 for unbounded");
        spec.positive("keySpace", keySpace, "a positive number of ids");
        spec.finish();
        if (id != null && !targets.isEmpty()) {
            parts.addIngress(
                    new GeneratorIngressSpec(id, targets, valueType, rate, count, keySpace),
                    spec.value("id"));
        }
    }
}
