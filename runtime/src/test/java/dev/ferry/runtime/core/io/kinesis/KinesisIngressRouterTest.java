package dev.ferry.runtime.core.io.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.io.BadRecords;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.core.message.EnvelopeSerializer;
import dev.ferry.runtime.module.BadRecordPolicy;
import dev.ferry.runtime.module.IngressRoute;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Routing of Kinesis records, and what happens to the records that cannot be routed. */
class KinesisIngressRouterTest {
    private static final TypeName INGRESS = TypeName.parse("k/in");
    private static final TypeName DEAD = TypeName.parse("k/dead");
    private static final TypeName SERVED = TypeName.parse("k/f");
    private static final TypeName UNSERVED = TypeName.parse("nobody/f");
    private static final List<IngressRoute> ROUTES =
            List.of(new IngressRoute("s", WellKnownTypes.INT, List.of(SERVED, UNSERVED)));

    @Test
    void thePartitionKeyIsTheIdAndTheDataPassesThrough() throws Exception {
        try (var harness = harness(BadRecordPolicy.deadLetter(DEAD))) {
            byte[] value = PrimitiveCodecs.encodeInt(5);
            harness.processElement(new StreamRecord<>(record("user-1", value)));
            assertThat(harness.extractOutputValues())
                    .containsExactly(
                            new Envelope(
                                    new FunctionAddress(SERVED, "user-1"),
                                    null,
                                    WellKnownTypes.INT,
                                    value));
            assertThat(letters(harness))
                    .singleElement()
                    .satisfies(
                            letter ->
                                    assertThat(letter.get("reason").getAsString())
                                            .isEqualTo(
                                                    "no endpoint serves function type nobody/f"));
        }
    }

    @Test
    void recordsWithoutPartitionKeyOrWithBadDataBecomeDeadLetters() throws Exception {
        try (var harness = harness(BadRecordPolicy.deadLetter(DEAD))) {
            harness.processElement(new StreamRecord<>(record(null, PrimitiveCodecs.encodeInt(1))));
            harness.processElement(new StreamRecord<>(record("", PrimitiveCodecs.encodeInt(1))));
            harness.processElement(new StreamRecord<>(record("k", new byte[] {(byte) 0xff})));
            assertThat(harness.extractOutputValues()).isEmpty();
            List<JsonObject> letters = letters(harness);
            assertThat(letters).hasSize(3);
            assertThat(letters.get(0).get("reason").getAsString()).contains("no partition key");
            assertThat(letters.get(0).has("key")).isFalse();
            assertThat(letters.get(1).has("key")).isFalse();
            assertThat(letters.get(2).get("reason").getAsString())
                    .contains("not a valid io.statefun.types/int");
            assertThat(letters.get(2).get("ingress").getAsString()).isEqualTo("k/in");
            assertThat(letters.get(2).get("stream").getAsString()).isEqualTo("s");
            assertThat(letters.get(2).get("shard").getAsString()).isEqualTo("shardId-1");
            assertThat(letters.get(2).get("sequenceNumber").getAsString()).isEqualTo("42");
        }
    }

    @Test
    void withTheDefaultPolicyABadRecordFailsTheJobWithoutRestarts() throws Exception {
        try (var harness = harness(BadRecordPolicy.fail())) {
            assertThatThrownBy(
                            () ->
                                    harness.processElement(
                                            new StreamRecord<>(
                                                    record(null, PrimitiveCodecs.encodeInt(1)))))
                    .isInstanceOf(SuppressRestartsException.class)
                    .hasStackTraceContaining("ingress k/in cannot route the record")
                    .hasStackTraceContaining("sequenceNumber=42")
                    .hasStackTraceContaining("no partition key");
        }
    }

    @Test
    void theHandlerCountsRecordsAndBadRecordsPerIngress() {
        MetricListener metrics = new MetricListener();
        BadRecords.Handler handler = new BadRecords.Handler(INGRESS, BadRecordPolicy.fail());
        handler.open(metrics.getMetricGroup());
        handler.received();
        handler.received();
        assertThatThrownBy(() -> handler.reject(null, Map.of(), "no partition key", null, null))
                .isInstanceOf(SuppressRestartsException.class);

        assertThat(metrics.getCounter("ingress", "k/in", "records").orElseThrow().getCount())
                .isEqualTo(2);
        assertThat(metrics.getCounter("ingress", "k/in", "badRecords").orElseThrow().getCount())
                .isEqualTo(1);
    }

    private static OneInputStreamOperatorTestHarness<KinesisIngressRecord, Envelope> harness(
            BadRecordPolicy policy) throws Exception {
        var harness =
                new OneInputStreamOperatorTestHarness<KinesisIngressRecord, Envelope>(
                        new ProcessOperator<>(
                                new KinesisIngressRouter(
                                        ROUTES,
                                        Set.of(UNSERVED),
                                        new BadRecords.Handler(INGRESS, policy))));
        harness.setup(EnvelopeSerializer.INSTANCE);
        harness.open();
        return harness;
    }

    private static KinesisIngressRecord record(String partitionKey, byte[] data) {
        return new KinesisIngressRecord("s", "shardId-1", "42", partitionKey, data);
    }

    private static List<JsonObject> letters(
            OneInputStreamOperatorTestHarness<KinesisIngressRecord, Envelope> harness) {
        var output = harness.getSideOutput(BadRecords.OUTPUT);
        if (output == null) {
            return List.of();
        }
        return output.stream()
                .map(StreamRecord::getValue)
                .map(EgressRecord::value)
                .map(bytes -> JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)))
                .map(json -> json.getAsJsonObject())
                .toList();
    }
}
