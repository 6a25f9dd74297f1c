package dev.ferry.adapters.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.testing.CounterFunctions;
import dev.ferry.protocol.testing.Requests;
import dev.ferry.protocol.wire.FromFunction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The generic entry point as Cloud Functions runs it: the real {@code java-function-invoker} in a
 * child process with {@code --target dev.ferry.adapters.gcp.FunctionsHttpFunction}, configured by
 * its environment alone.
 */
class FunctionsHttpFunctionITCase {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void servesTheStatefulFunctionsOfTheSupplierFerryFunctionsNames() throws Exception {
        try (FunctionsFrameworkProcess function =
                FunctionsFrameworkProcess.start(
                        FunctionsHttpFunction.class.getName(),
                        FerryHttpFunctionITCase.FUNCTION_CLASS_PATH,
                        "FERRY_FUNCTIONS",
                        CounterFunctions.class.getName(),
                        "FERRY_MAX_REQUEST_BYTES",
                        "4096")) {
            HttpResponse<byte[]> reply =
                    post(function, FerryHttpFunctionITCase.request("a", 41, 1).toByteArray());
            HttpResponse<byte[]> tooLarge = post(function, new byte[4097]);

            assertThat(reply.statusCode()).as(function.log()).isEqualTo(200);
            assertThat(Requests.newCount(FromFunction.parseFrom(reply.body()))).isEqualTo(42);
            assertThat(tooLarge.statusCode()).isEqualTo(413);
        }
    }

    @Test
    void withoutFerryFunctionsTheInstanceFailsToStartAndSaysWhy() {
        assertThatThrownBy(
                        () ->
                                FunctionsFrameworkProcess.start(
                                        FunctionsHttpFunction.class.getName(),
                                        FerryHttpFunctionITCase.FUNCTION_CLASS_PATH))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the Functions Framework exited with 1")
                .hasMessageContaining(
                        "set FERRY_FUNCTIONS to a class that is a RemoteHandler or a Supplier of"
                                + " one or of StatefulFunctions");
    }

    private static HttpResponse<byte[]> post(FunctionsFrameworkProcess function, byte[] body)
            throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(function.url()))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
