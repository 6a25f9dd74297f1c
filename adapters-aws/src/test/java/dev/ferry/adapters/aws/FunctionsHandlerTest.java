package dev.ferry.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.envelope.HttpResponseEvent;
import dev.ferry.protocol.envelope.LambdaHttpEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.junit.jupiter.api.Test;

/** The handler configured by its environment: the functions class and the size limit. */
class FunctionsHandlerTest {

    public static final class Echo implements RemoteHandler {
        @Override
        public CompletableFuture<byte[]> handle(byte[] request) {
            return CompletableFuture.completedFuture(request);
        }
    }

    public static final class SdkSupplier implements Supplier<StatefulFunctions> {
        @Override
        public StatefulFunctions get() {
            return new StatefulFunctions();
        }
    }

    public static final class NotAHandler {}

    @Test
    void servesTheFunctionsClassWithTheLimitOfTheEnvironment() throws Exception {
        FunctionsHandler handler =
                new FunctionsHandler(
                        Map.of(
                                "FERRY_FUNCTIONS",
                                Echo.class.getName(),
                                "FERRY_MAX_REQUEST_BYTES",
                                "4"));

        assertThat(answer(handler, new byte[] {7}).body()).containsExactly(7);
        assertThat(answer(handler, new byte[5]).statusCode()).isEqualTo(413);
        assertThat(new FunctionsHandler(Map.of("FERRY_FUNCTIONS", SdkSupplier.class.getName())))
                .isNotNull();
    }

    @Test
    void explainsWhatIsWrong() {
        assertThatThrownBy(() -> new FunctionsHandler(Map.of()))
                .hasMessageContaining("FERRY_FUNCTIONS");
        assertThatThrownBy(
                        () ->
                                new FunctionsHandler(
                                        Map.of("FERRY_FUNCTIONS", "com.example.Missing")))
                .hasMessageContaining("not on the class path");
        assertThatThrownBy(
                        () ->
                                new FunctionsHandler(
                                        Map.of("FERRY_FUNCTIONS", NotAHandler.class.getName())))
                .hasMessageContaining("is not a RemoteHandler");
        assertThatThrownBy(
                        () ->
                                new FunctionsHandler(
                                        Map.of(
                                                "FERRY_FUNCTIONS",
                                                Echo.class.getName(),
                                                "FERRY_MAX_REQUEST_BYTES",
                                                "6MB")))
                .hasMessageContaining("FERRY_MAX_REQUEST_BYTES is not a whole number: '6MB'");
    }

    private static HttpResponseEvent answer(FunctionsHandler handler, byte[] body)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(
                new ByteArrayInputStream(LambdaHttpEvents.encodeRequest("/", body)), out, null);
        return LambdaHttpEvents.decodeResponse(out.toByteArray());
    }
}
