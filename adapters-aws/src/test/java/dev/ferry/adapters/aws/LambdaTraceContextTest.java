package dev.ferry.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.ferry.adapters.aws.testing.SdkFunctions;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.envelope.LambdaHttpEvents;
import dev.ferry.protocol.testing.Requests;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Lambda adapter continues the trace the invoker put in the invocation's client context: its
 * span for the call is a child of the span whose {@code traceparent} the {@code custom} map holds,
 * as Lambda's runtime hands it to the handler.
 */
class LambdaTraceContextTest {
    @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    @Test
    void theCallsSpanIsAChildOfTheSpanInTheClientContext() throws Exception {
        Span attempt = otel.getOpenTelemetry().getTracer("test").spanBuilder("attempt").startSpan();
        Map<String, String> custom = new HashMap<>();
        W3CTraceContextPropagator.getInstance()
                .inject(io.opentelemetry.context.Context.root().with(attempt), custom, Map::put);
        attempt.end();
        byte[] event =
                LambdaHttpEvents.encodeRequest(
                        "/",
                        Requests.batch(FunctionAddress.of("ferry.test", "counter", "t"), 1, 1)
                                .toByteArray());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SdkFunctions()
                .handleRequest(new ByteArrayInputStream(event), out, new InvocationContext(custom));

        assertThat(LambdaHttpEvents.decodeResponse(out.toByteArray()).statusCode()).isEqualTo(200);
        List<SpanData> calls =
                otel.getSpans().stream().filter(span -> span.getKind() == SpanKind.SERVER).toList();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getTraceId()).isEqualTo(attempt.getSpanContext().getTraceId());
        assertThat(calls.get(0).getParentSpanId()).isEqualTo(attempt.getSpanContext().getSpanId());
    }

    /** The context Lambda's runtime builds for an invocation with a client context. */
    private record InvocationContext(Map<String, String> custom) implements Context {
        @Override
        public ClientContext getClientContext() {
            return new ClientContext() {
                @Override
                public Client getClient() {
                    return null;
                }

                @Override
                public Map<String, String> getCustom() {
                    return custom;
                }

                @Override
                public Map<String, String> getEnvironment() {
                    return Map.of();
                }
            };
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 60_000;
        }

        @Override
        public String getAwsRequestId() {
            return "request-1";
        }

        @Override
        public String getLogGroupName() {
            return "group";
        }

        @Override
        public String getLogStreamName() {
            return "stream";
        }

        @Override
        public String getFunctionName() {
            return "counter";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:counter";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
