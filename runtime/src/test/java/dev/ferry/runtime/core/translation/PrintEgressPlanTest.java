package dev.ferry.runtime.core.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.KafkaProducerRecord;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.module.PrintEgressSpec;
import dev.ferry.runtime.module.PrintEgressSpec.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The print egress reads its descriptor set when the job is planned, not on the TaskManager. */
class PrintEgressPlanTest {
    private static final TypeName OUT = TypeName.parse("test/out");

    private static void attach(PrintEgressSpec spec) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new PrintEgressPlan(spec).attach(env.fromData(new EgressRecord(OUT, "a/b", new byte[0])));
    }

    @Test
    void aDescriptorSetFileIsReadIntoTheSink(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("records.desc");
        Files.write(
                file,
                FileDescriptorSet.newBuilder()
                        .addFile(KafkaProducerRecord.getDescriptor().getFile().toProto())
                        .build()
                        .toByteArray());
        attach(
                new PrintEgressSpec(
                        OUT, PrintEgressSpec.Output.LOG, Format.PROTOBUF, file.toString()));
        Files.delete(file);
        // Nothing is read again after planning: the sink carries the bytes.
        assertThat(file).doesNotExist();
    }

    @Test
    void aFileThatIsNotADescriptorSetFailsThePlanNamingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.desc");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(
                        () ->
                                attach(
                                        new PrintEgressSpec(
                                                OUT,
                                                PrintEgressSpec.Output.STDOUT,
                                                Format.PROTOBUF,
                                                file.toString())))
                .hasMessageContaining("print egress test/out: descriptorSet " + file)
                .hasMessageContaining("not a protobuf FileDescriptorSet");
    }
}
