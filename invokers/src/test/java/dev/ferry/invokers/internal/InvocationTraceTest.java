package dev.ferry.invokers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.wire.FromFunction;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Without an installed SDK, tracing adds no header and no stage to an invocation. */
class InvocationTraceTest {

    @BeforeEach
    void noSdk() {
        GlobalOpenTelemetry.resetForTest();
    }

    @Test
    void withoutAnSdkAnAttemptSendsNoTraceContextAndWrapsNothing() {
        InvocationTrace trace =
                InvocationTrace.start(
                        InvocationTrace.tracerIfInstalled(),
                        "http://127.0.0.1:9/fn",
                        FunctionAddress.of("test", "fn", "a"),
                        1,
                        10);
        InvocationTrace.Attempt attempt = trace.attempt();
        Map<String, String> headers = new HashMap<>();
        attempt.inject(headers::put);
        CompletionStage<FromFunction> reply =
                CompletableFuture.completedFuture(FromFunction.getDefaultInstance());

        assertThat(headers).isEmpty();
        assertThat(attempt.record(reply)).isSameAs(reply);
        assertThat(GlobalOpenTelemetry.isSet()).as("tracing left the global alone").isFalse();
    }
}
