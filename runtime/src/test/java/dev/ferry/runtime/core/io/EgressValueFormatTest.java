package dev.ferry.runtime.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.KafkaProducerRecord;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.module.PrintEgressSpec.Format;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the print egress shows values in each format. */
class EgressValueFormatTest {
    private static final TypeName OUT = TypeName.parse("test/out");

    private static EgressRecord record(String type, byte[] value) {
        return new EgressRecord(OUT, type, value);
    }

    private static EgressRecord json(String text) {
        return record("com.example/Receipt", text.getBytes(StandardCharsets.UTF_8));
    }

    private static String show(Format format, EgressRecord record) {
        return new EgressValueFormat(format, null).show(record);
    }

    @Test
    void statefunTypesAreDecodedWhateverTheFormat() {
        EgressRecord greeting =
                record("io.statefun.types/string", PrimitiveCodecs.encodeString("Hello Bob"));
        for (Format format : new Format[] {Format.AUTO, Format.HEX, Format.JSON}) {
            assertThat(show(format, greeting)).isEqualTo("Hello Bob");
        }
    }

    @Test
    void eachFormatShowsACustomTypeAfterItsName() {
        EgressRecord receipt = json("{\"userId\": \"1\",\n \"items\": [1, 2]}");
        assertThat(show(Format.AUTO, receipt)).isEqualTo("com.example/Receipt (33 bytes)");
        assertThat(show(Format.TEXT, receipt))
                .isEqualTo("com.example/Receipt {\"userId\": \"1\",\n \"items\": [1, 2]}");
        assertThat(show(Format.JSON, receipt))
                .isEqualTo("com.example/Receipt {\"userId\":\"1\",\"items\":[1,2]}");
        EgressRecord bytes = record("com.example/Blob", new byte[] {0, 1, (byte) 0xfe});
        assertThat(show(Format.HEX, bytes)).isEqualTo("com.example/Blob 0001fe");
        assertThat(show(Format.BASE64, bytes)).isEqualTo("com.example/Blob AAH+");
    }

    @Test
    void aValueThatIsNotJsonIsShownInHexWithTheReason() {
        assertThat(show(Format.JSON, json("no")))
                .isEqualTo("com.example/Receipt (2 bytes, not JSON) 6e6f");
    }

    @Test
    void protobufValuesAreShownInTextFormatByTheMessageNamedAfterTheSlash() {
        EgressValueFormat format = new EgressValueFormat(Format.PROTOBUF, descriptorSet());
        KafkaProducerRecord kafka =
                KafkaProducerRecord.newBuilder()
                        .setTopic("receipts")
                        .setKey("1")
                        .setValueBytes(ByteString.copyFromUtf8("socks"))
                        .build();

        assertThat(
                        format.show(
                                record(
                                        "com.example/io.statefun.sdk.egress.KafkaProducerRecord",
                                        kafka.toByteArray())))
                .isEqualTo(
                        "com.example/io.statefun.sdk.egress.KafkaProducerRecord"
                                + " {key: \"1\" value_bytes: \"socks\" topic: \"receipts\"}");
        ToFunction.Invocation nested =
                ToFunction.Invocation.newBuilder()
                        .setArgument(PrimitiveCodecs.stringValue("hi"))
                        .build();
        assertThat(
                        format.show(
                                record(
                                        "x/io.statefun.sdk.reqreply.ToFunction.Invocation",
                                        nested.toByteArray())))
                .startsWith("x/io.statefun.sdk.reqreply.ToFunction.Invocation {argument {");
        assertThat(format.show(record("x/com.example.Unknown", new byte[] {1})))
                .isEqualTo(
                        "x/com.example.Unknown (1 bytes, no message com.example.Unknown in"
                                + " the descriptor set) 01");
    }

    @Test
    void aDescriptorSetWithoutItsImportsIsRefusedNamingTheImport() {
        FileDescriptor file = ToFunction.getDescriptor().getFile();
        byte[] withoutImports =
                FileDescriptorSet.newBuilder().addFile(file.toProto()).build().toByteArray();
        if (file.getDependencies().isEmpty()) {
            assertThat(
                            ProtobufMessageTypes.parse(withoutImports)
                                    .find("io.statefun.sdk.reqreply.ToFunction"))
                    .isNotNull();
        } else {
            assertThatThrownBy(() -> ProtobufMessageTypes.parse(withoutImports))
                    .hasMessageContaining("protoc --include_imports");
        }
        assertThatThrownBy(() -> ProtobufMessageTypes.parse(new byte[] {1, 2, 3}))
                .hasMessageStartingWith("not a protobuf FileDescriptorSet");
    }

    /** The descriptor set protoc --include_imports would write for the protocol's files. */
    private static byte[] descriptorSet() {
        Set<FileDescriptor> files = new LinkedHashSet<>();
        collect(KafkaProducerRecord.getDescriptor().getFile(), files);
        collect(ToFunction.getDescriptor().getFile(), files);
        FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
        files.forEach(file -> set.addFile(file.toProto()));
        return set.build().toByteArray();
    }

    private static void collect(FileDescriptor file, Set<FileDescriptor> files) {
        file.getDependencies().forEach(dependency -> collect(dependency, files));
        files.add(file);
    }
}
