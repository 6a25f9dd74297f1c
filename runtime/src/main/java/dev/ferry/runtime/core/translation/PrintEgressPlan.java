package dev.ferry.runtime.core.translation;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.EgressValueFormat;
import dev.ferry.runtime.core.io.PrintEgressSink;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.module.PrintEgressSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * {@code ferry.io.v1/print}. A descriptor set is read here, where the module is planned, and
 * travels with the job, so a cluster's TaskManagers need no copy of the file.
 */
record PrintEgressPlan(PrintEgressSpec spec) implements EgressPlan {

    @Override
    public TypeName id() {
        return spec.id();
    }

    @Override
    @SuppressWarnings("deprecation")
    public void attach(DataStream<EgressRecord> records) {
        records.addSink(new PrintEgressSink(spec.output(), format()))
                .uid("egress-" + spec.id().asString())
                .name("egress " + spec.id());
    }

    private EgressValueFormat format() {
        if (spec.descriptorSet() == null) {
            return new EgressValueFormat(spec.format(), null);
        }
        try {
            byte[] descriptors = Files.readAllBytes(Path.of(spec.descriptorSet()));
            return new EgressValueFormat(spec.format(), descriptors);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "print egress " + spec.id() + ": cannot read " + spec.descriptorSet(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "print egress "
                            + spec.id()
                            + ": descriptorSet "
                            + spec.descriptorSet()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
