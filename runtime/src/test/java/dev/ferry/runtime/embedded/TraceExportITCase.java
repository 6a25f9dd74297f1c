package dev.ferry.runtime.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ferry run}'s trace export: off without OTEL_* variables, and with them a span reaches an
 * OTLP/HTTP collector (a loopback server that keeps what is posted to {@code /v1/traces}).
 */
class TraceExportITCase {
    private static Vertx vertx;
    private static HttpServer collector;
    private static final Queue<String> received = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startCollector() throws Exception {
        vertx = Vertx.vertx();
        collector =
                vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                        .requestHandler(
                                request ->
                                        request.body()
                                                .onSuccess(
                                                        body -> {
                                                            received.add(
                                                                    request.path()
                                                                            + " "
                                                                            + request.getHeader(
                                                                                    "Content-Type")
                                                                            + " "
                                                                            + body.toString(
                                                                                    StandardCharsets
                                                                                            .ISO_8859_1));
                                                            request.response().end();
                                                        }));
        collector.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopCollector() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void uninstall() {
        GlobalOpenTelemetry.resetForTest();
        received.clear();
    }

    @Test
    void withoutOtelVariablesNothingIsInstalled() {
        assertThat(TraceExport.installIfRequested(Map.of("PATH", "/usr/bin"))).isNull();
        assertThat(TraceExport.requested(Map.of("OTEL_TRACES_EXPORTER", "none"))).isFalse();
        assertThat(
                        TraceExport.requested(
                                Map.of(
                                        "OTEL_SERVICE_NAME", "shop",
                                        "OTEL_SDK_DISABLED", "true")))
                .isFalse();
        assertThat(GlobalOpenTelemetry.isSet()).isFalse();
    }

    @Test
    void anOtlpEndpointExportsSpansWithFerrysServiceName() {
        OpenTelemetrySdk sdk =
                TraceExport.installIfRequested(
                        Map.of(
                                "OTEL_EXPORTER_OTLP_ENDPOINT",
                                "http://127.0.0.1:" + collector.actualPort(),
                                "OTEL_BSP_SCHEDULE_DELAY",
                                "10"));
        try {
            assertThat(sdk).isNotNull();
            assertThat(GlobalOpenTelemetry.isSet()).isTrue();
            GlobalOpenTelemetry.getTracer("test").spanBuilder("exported-span").startSpan().end();

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () ->
                                    assertThat(received)
                                            .anySatisfy(
                                                    request ->
                                                            assertThat(request)
                                                                    .startsWith(
                                                                            "/v1/traces application/x-protobuf")
                                                                    .contains("exported-span")
                                                                    .contains("ferry")));
        } finally {
            sdk.close();
        }
    }

    @Test
    void anInvalidValueNamesItsSetting() {
        assertThatThrownBy(
                        () ->
                                TraceExport.installIfRequested(
                                        Map.of("OTEL_TRACES_EXPORTER", "carrier-pigeon")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("otel.traces.exporter")
                .hasMessageContaining("carrier-pigeon");
        assertThat(GlobalOpenTelemetry.isSet()).isFalse();
    }
}
