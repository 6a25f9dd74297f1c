package dev.ferry.runtime.module.internal;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.PrintEgressSpec;

/** {@code ferry.io.v1/print}. */
final class PrintEgressBinder implements KindBinder {

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        TypeName id = spec.typeName("id");
        PrintEgressSpec.Output output =
                spec.choice("output", PrintEgressSpec.Output.class, PrintEgressSpec.Output.STDOUT);
        spec.finish();
        if (id != null) {
            parts.addEgress(new PrintEgressSpec(id, output), spec.value("id"));
        }
    }
}
