package dev.ferry.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.ferry.adapters.aws.testing.SdkFunctions;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.envelope.LambdaHttpEvents;
import dev.ferry.protocol.testing.Requests;
import dev.ferry.protocol.wire.FromFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter in process, fed with recorded Lambda events. */
class FerryLambdaHandlerTest {
    private final SdkFunctions functions = new SdkFunctions();

    @TempDir Path dir;

    @Test
    void aFunctionUrlEventIsAnsweredWithAResponseEvent() throws Exception {
        APIGatewayV2HTTPEvent parsed =
                EventLoader.loadApiGatewayHttpEvent("events/function-url.json");
        assertThat(parsed.getIsBase64Encoded()).isTrue();
        assertThat(parsed.getRequestContext().getHttp().getMethod()).isEqualTo("POST");

        APIGatewayV2HTTPResponse response = answer(resource("events/function-url.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getIsBase64Encoded()).isTrue();
        assertThat(response.getHeaders()).containsEntry("content-type", "application/octet-stream");
        FromFunction reply = FromFunction.parseFrom(Base64.getDecoder().decode(response.getBody()));
        assertThat(
                        dev.ferry.protocol.PrimitiveCodecs.decodeString(
                                reply.getInvocationResult()
                                        .getOutgoingEgresses(0)
                                        .getArgument()
                                        .getValue()
                                        .toByteArray()))
                .isEqualTo("url 42");
    }

    @Test
    void aRestApiEventIsAccepted() throws Exception {
        APIGatewayProxyRequestEvent parsed =
                EventLoader.loadApiGatewayRestEvent("events/rest-api.json");
        assertThat(parsed.getHttpMethod()).isEqualTo("POST");

        APIGatewayV2HTTPResponse response = answer(resource("events/rest-api.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        FromFunction reply = FromFunction.parseFrom(Base64.getDecoder().decode(response.getBody()));
        assertThat(reply.getInvocationResult().getStateMutationsCount()).isEqualTo(1);
    }

    @Test
    void theRuntimesDirectInvokeEventIsAccepted() throws Exception {
        byte[] request =
                Requests.batch(FunctionAddress.of("ferry.test", "counter", "d"), 1, 1, 1)
                        .toByteArray();

        APIGatewayV2HTTPResponse response = answer(LambdaHttpEvents.encodeRequest("/", request));

        FromFunction reply = FromFunction.parseFrom(Base64.getDecoder().decode(response.getBody()));
        assertThat(reply.getInvocationResult().getOutgoingEgressesCount()).isEqualTo(2);
    }

    @Test
    void aFailingFunctionIsALambdaError() {
        byte[] request =
                Requests.batch(FunctionAddress.of("ferry.test", "fail", "f"), null, 1)
                        .toByteArray();
        byte[] event = LambdaHttpEvents.encodeRequest("/", request);

        assertThatThrownBy(() -> handle(functions, event))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("boom for f");
    }

    @Test
    void aCheckedFailureIsWrapped() {
        FerryLambdaHandler handler =
                new FerryLambdaHandler(
                        request -> CompletableFuture.failedFuture(new IOException("disk"))) {};

        assertThatThrownBy(
                        () -> handle(handler, LambdaHttpEvents.encodeRequest("/", new byte[] {1})))
                .isInstanceOf(FerryLambdaHandler.FunctionFailedException.class)
                .hasMessageContaining("disk");
    }

    @Test
    void anEventWithoutABodyIsABadRequest() throws Exception {
        APIGatewayV2HTTPResponse response = answer(resource("events/function-url-get.json"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(
                        new String(
                                Base64.getDecoder().decode(response.getBody()),
                                StandardCharsets.UTF_8))
                .contains("no body");
    }

    @Test
    void onlyPostIsServed() throws Exception {
        String event =
                new String(resource("events/function-url.json"), StandardCharsets.UTF_8)
                        .replace("\"method\": \"POST\"", "\"method\": \"PUT\"");

        assertThat(answer(event.getBytes(StandardCharsets.UTF_8)).getStatusCode()).isEqualTo(405);
    }

    @Test
    void aMalformedContentLengthIsABadRequest() throws Exception {
        String event =
                new String(resource("events/function-url.json"), StandardCharsets.UTF_8)
                        .replace(
                                "\"accept\": \"application/octet-stream\",",
                                "\"accept\": \"application/octet-stream\", \"content-length\": \"+12\",");

        APIGatewayV2HTTPResponse response = answer(event.getBytes(StandardCharsets.UTF_8));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(
                        new String(
                                Base64.getDecoder().decode(response.getBody()),
                                StandardCharsets.UTF_8))
                .isEqualTo("Content-Length '+12' is not a number of bytes\n");
    }

    @Test
    void notJsonIsABadRequestNotAFunctionFailure() throws Exception {
        assertThat(answer("hello".getBytes(StandardCharsets.UTF_8)).getStatusCode()).isEqualTo(400);
    }

    @Test
    void refusesBodiesOverLambdasSixMegabytesByDefault() throws Exception {
        FerryLambdaHandler echo = new FerryLambdaHandler(CompletableFuture::completedFuture) {};
        int platformLimit = 6 * 1024 * 1024;

        byte[] fits = handle(echo, LambdaHttpEvents.encodeRequest("/", new byte[platformLimit]));
        byte[] over =
                handle(echo, LambdaHttpEvents.encodeRequest("/", new byte[platformLimit + 1]));

        assertThat(LambdaHttpEvents.decodeResponse(fits).statusCode()).isEqualTo(200);
        assertThat(LambdaHttpEvents.decodeResponse(over).statusCode()).isEqualTo(413);
        assertThat(new String(LambdaHttpEvents.decodeResponse(over).body(), StandardCharsets.UTF_8))
                .contains("6291456");
    }

    @Test
    void theHandlerIsBuiltOnceAndSharedByInvocations() throws Exception {
        int[] built = {0};
        class Counting extends FerryLambdaHandler {
            Counting() {
                super(count(built));
            }
        }
        Counting handler = new Counting();
        handle(handler, LambdaHttpEvents.encodeRequest("/", new byte[] {1}));
        handle(handler, LambdaHttpEvents.encodeRequest("/", new byte[] {2}));
        assertThat(built[0]).isEqualTo(1);
    }

    @Test
    void snapStartHooksPrimeBeforeTheSnapshotAndRecreateAfterRestore() throws Exception {
        List<String> calls = new ArrayList<>();
        FerryLambdaHandler handler =
                new FerryLambdaHandler(CompletableFuture::completedFuture) {
                    @Override
                    protected void prime() {
                        calls.add("prime " + handler().handle(new byte[] {1}).join().length);
                    }

                    @Override
                    protected void afterRestore() {
                        calls.add("restore");
                    }
                };

        handler.snapStartHooks().beforeCheckpoint(null);
        handler.snapStartHooks().afterRestore(null);

        assertThat(calls).containsExactly("prime 1", "restore");
    }

    private static RemoteHandler count(int[] built) {
        built[0]++;
        return CompletableFuture::completedFuture;
    }

    private APIGatewayV2HTTPResponse answer(byte[] event) throws IOException {
        Path file =
                Files.write(
                        dir.resolve("response-" + System.nanoTime() + ".json"),
                        handle(functions, event));
        return EventLoader.loadEvent(file.toString(), APIGatewayV2HTTPResponse.class);
    }

    private static byte[] handle(FerryLambdaHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return out.toByteArray();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in =
                FerryLambdaHandlerTest.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
