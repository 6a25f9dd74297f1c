package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.internal.InvocationTrace;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.module.ModuleLoader;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka record with a W3C {@code traceparent} header continues its producer's trace: the
 * invocation spans of its message (the first and the one sent again with the states the function
 * asked for) are children of the span the header names, and their attempt spans are in the same
 * trace. A record without the header starts a trace of its own. A real broker, the job on a
 * MiniCluster in this JVM and the spans in OpenTelemetry's in-memory exporter.
 */
class KafkaTraceContextITCase {
    /** Installed as the global OpenTelemetry before the job starts, so the invokers see it. */
    @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PRODUCER_SPAN_ID = "00f067aa0ba902b7";
    private static final AttributeKey<String> FUNCTION_ID =
            AttributeKey.stringKey(InvocationTrace.FUNCTION_ID);

    @RegisterExtension static final KafkaWithFunctions SERVERS = KafkaWithFunctions.withoutTopics();

    @Test
    void theInvocationOfATracedRecordIsAChildOfItsTraceparent(@TempDir Path checkpoints)
            throws Exception {
        SERVERS.kafka().createTopics(1, "traced", "traced-out");
        ProducerRecord<byte[], byte[]> traced = record("with-header");
        traced.headers()
                .add(
                        "traceparent",
                        ("00-" + TRACE_ID + "-" + PRODUCER_SPAN_ID + "-01")
                                .getBytes(StandardCharsets.UTF_8));
        traced.headers().add("tracestate", "shop=1".getBytes(StandardCharsets.UTF_8));
        KafkaClients.send(
                SERVERS.kafka().bootstrapServers(), List.of(traced, record("without-header")));

        JobClient job =
                TestJobs.start(
                        ModulePlanner.plan(ModuleLoader.loadString("traced.yaml", module())),
                        checkpoints,
                        null,
                        1);
        try {
            await("both invocations' spans")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () ->
                                    invocationsOf("with-header").size() >= 2
                                            && !invocationsOf("without-header").isEmpty());
        } finally {
            TestJobs.cancel(job);
        }

        // The first invocation learns which states the function has (StateFun's handshake: the
        // reply asks for them) and the batch goes again with them: both continue the trace.
        List<SpanData> invocations = invocationsOf("with-header");
        assertThat(invocations)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(
                        invocation -> {
                            assertThat(invocation.getTraceId()).isEqualTo(TRACE_ID);
                            assertThat(invocation.getParentSpanId()).isEqualTo(PRODUCER_SPAN_ID);
                            assertThat(invocation.getParentSpanContext().isRemote()).isTrue();
                            assertThat(
                                            invocation
                                                    .getParentSpanContext()
                                                    .getTraceState()
                                                    .get("shop"))
                                    .isEqualTo("1");
                        });
        assertThat(spans())
                .filteredOn(span -> span.getKind() == SpanKind.CLIENT)
                .filteredOn(span -> "with-header".equals(span.getAttributes().get(FUNCTION_ID)))
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(attempt -> assertThat(attempt.getTraceId()).isEqualTo(TRACE_ID));

        assertThat(invocationsOf("without-header"))
                .allSatisfy(
                        untraced -> {
                            assertThat(untraced.getTraceId()).isNotEqualTo(TRACE_ID);
                            assertThat(untraced.getParentSpanContext().isValid()).isFalse();
                        });
    }

    /** The invocation spans (not the attempts) of the messages to {@code id}. */
    private static List<SpanData> invocationsOf(String id) {
        return spans().stream()
                .filter(span -> span.getKind() == SpanKind.INTERNAL)
                .filter(span -> id.equals(span.getAttributes().get(FUNCTION_ID)))
                .toList();
    }

    private static List<SpanData> spans() {
        return OTEL.getSpans();
    }

    private static ProducerRecord<byte[], byte[]> record(String key) {
        return new ProducerRecord<>(
                "traced",
                key.getBytes(StandardCharsets.UTF_8),
                PrimitiveCodecs.encodeString("traced-out"));
    }

    private static String module() {
        return """
                kind: io.statefun.endpoints.v2/http
                spec:
                  functions: kafka/*
                  urlPathTemplate: %s
                ---
                kind: io.statefun.kafka.v1/ingress
                spec:
                  id: kafka/in
                  address: %s
                  startupPosition: {type: earliest}
                  topics:
                    - topic: traced
                      valueType: io.statefun.types/string
                      targets: [kafka/counter]
                ---
                kind: io.statefun.kafka.v1/egress
                spec:
                  id: kafka/out
                  address: %s
                """
                .formatted(
                        SERVERS.functions().url("http", "/{function.name}"),
                        SERVERS.kafka().bootstrapServers(),
                        SERVERS.kafka().bootstrapServers());
    }
}
