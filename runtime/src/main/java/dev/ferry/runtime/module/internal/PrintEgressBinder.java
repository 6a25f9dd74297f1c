package dev.ferry.runtime.module.internal;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.PrintEgressSpec;
import dev.ferry.runtime.module.PrintEgressSpec.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code ferry.io.v1/print}. */
final class PrintEgressBinder implements KindBinder {

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        TypeName id = spec.typeName("id");
        PrintEgressSpec.Output output =
                spec.choice("output", PrintEgressSpec.Output.class, PrintEgressSpec.Output.STDOUT);
        Format format = spec.choice("format", Format.class, Format.AUTO);
        String descriptorSet = spec.optString("descriptorSet", null);
        if (format == Format.PROTOBUF && descriptorSet == null) {
            spec.problem(
                    "format",
                    "format protobuf needs descriptorSet in " + spec.path(),
                    "descriptorSet: a file written by protoc --include_imports"
                            + " --descriptor_set_out=FILE");
        } else if (format != Format.PROTOBUF && descriptorSet != null) {
            spec.problem(
                    "descriptorSet",
                    "descriptorSet is only read with format protobuf in " + spec.path(),
                    "format: protobuf, or no descriptorSet");
        } else if (descriptorSet != null) {
            checkDescriptorSet(spec, descriptorSet);
        }
        spec.finish();
        if (id != null) {
            parts.addEgress(
                    new PrintEgressSpec(id, output, format, descriptorSet), spec.value("id"));
        }
    }

    private static void checkDescriptorSet(SpecReader spec, String file) {
        String expected = "a file written by protoc --include_imports --descriptor_set_out=FILE";
        try {
            FileDescriptorSet.parseFrom(Files.readAllBytes(Path.of(file)));
        } catch (IOException e) {
            spec.problem(
                    "descriptorSet",
                    spec.path()
                            + ".descriptorSet '"
                            + file
                            + "' cannot be read as a descriptor set ("
                            + e.getMessage()
                            + ")",
                    expected);
        }
    }
}
