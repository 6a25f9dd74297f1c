package dev.ferry.adapters.knative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.http.HttpEndpointConfig;
import dev.ferry.invokers.http.HttpInvoker;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import dev.ferry.protocol.testing.Requests;
import dev.ferry.protocol.wire.FromFunction;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One invocation's trace across the runtime's side and the function's: the HTTP invoker's attempt
 * span and the adapter's span for the call are one trace, the adapter's span a child of the attempt
 * span, and current while a StateFun SDK function runs (so the function's own spans nest under it).
 * Invoker and Knative server share this JVM, and so the in-memory exporter.
 */
class TraceAcrossInvokerAndAdapterITCase {
    @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    private static final ValueSpec<Integer> COUNT = ValueSpec.named("count").withIntType();
    private static final Queue<SpanContext> seenByFunction = new ConcurrentLinkedQueue<>();

    private static KnativeFunctionServer server;

    @BeforeAll
    static void startServer() throws Exception {
        StatefulFunctions functions = new StatefulFunctions();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(TypeName.typeNameFromString("test/counter"))
                        .withValueSpec(COUNT)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            seenByFunction.add(Span.current().getSpanContext());
                                            int count =
                                                    context.storage().get(COUNT).orElse(0)
                                                            + message.asInt();
                                            context.storage().set(COUNT, count);
                                            return context.done();
                                        }));
        server =
                KnativeFunctionServer.builder(StatefulFunctionsHandler.of(functions))
                        .host("127.0.0.1")
                        .port(0)
                        .start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.drain(Duration.ofSeconds(5));
        }
    }

    @Test
    void theAdaptersSpanIsAChildOfTheInvokersAttemptSpan() throws Exception {
        FromFunction reply;
        try (HttpInvoker invoker =
                HttpInvoker.create(HttpEndpointConfig.of(server.url("/statefun")))) {
            reply =
                    invoker.invoke(
                                    Requests.batch(
                                            FunctionAddress.of("test", "counter", "a"), 41, 1))
                            .get(20, TimeUnit.SECONDS);
        }
        assertThat(Requests.newCount(reply)).isEqualTo(42);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () ->
                                assertThat(otel.getSpans())
                                        .extracting(SpanData::getKind)
                                        .contains(SpanKind.CLIENT, SpanKind.SERVER));
        SpanData attempt = only(SpanKind.CLIENT);
        SpanData call = only(SpanKind.SERVER);
        assertThat(attempt.getInstrumentationScopeInfo().getName()).isEqualTo("dev.ferry.invokers");
        assertThat(call.getInstrumentationScopeInfo().getName()).isEqualTo("dev.ferry.adapter");
        assertThat(call.getTraceId()).isEqualTo(attempt.getTraceId());
        assertThat(call.getParentSpanId()).isEqualTo(attempt.getSpanId());
        assertThat(call.getParentSpanContext().isRemote()).isTrue();
        assertThat(seenByFunction)
                .extracting(SpanContext::getSpanId)
                .containsExactly(call.getSpanId());
    }

    private static SpanData only(SpanKind kind) {
        List<SpanData> spans =
                otel.getSpans().stream().filter(span -> span.getKind() == kind).toList();
        assertThat(spans).as("%s spans", kind).hasSize(1);
        return spans.get(0);
    }
}
