package dev.ferry.protocol.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LambdaHttpEventsTest {

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = LambdaHttpEventsTest.class.getResourceAsStream("/events/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void directInvokeEventHasThePayloadFormat2Shape() {
        byte[] body = {0, 1, 2, (byte) 0xFF};
        JsonObject event =
                JsonParser.parseString(
                                new String(
                                        LambdaHttpEvents.encodeRequest("/fraud/model", body),
                                        StandardCharsets.UTF_8))
                        .getAsJsonObject();

        assertThat(event.get("version").getAsString()).isEqualTo("2.0");
        assertThat(event.get("rawPath").getAsString()).isEqualTo("/fraud/model");
        assertThat(event.getAsJsonObject("headers").get("content-type").getAsString())
                .isEqualTo("application/octet-stream");
        assertThat(
                        event.getAsJsonObject("requestContext")
                                .getAsJsonObject("http")
                                .get("method")
                                .getAsString())
                .isEqualTo("POST");
        assertThat(event.get("isBase64Encoded").getAsBoolean()).isTrue();
        assertThat(event.get("body").getAsString()).isEqualTo("AAEC/w==");
    }

    @Test
    void directInvokeEventRoundTrips() {
        byte[] body = HexFormat.of().parseHex("a2063a0a0466726175641205");
        HttpRequestEvent decoded =
                LambdaHttpEvents.decodeRequest(LambdaHttpEvents.encodeRequest("/x", body));
        assertThat(decoded.method()).isEqualTo("POST");
        assertThat(decoded.path()).isEqualTo("/x");
        assertThat(decoded.header("content-type")).isEqualTo("application/octet-stream");
        assertThat(decoded.body()).isEqualTo(body);
    }

    @Test
    void readsAFunctionUrlEvent() throws IOException {
        HttpRequestEvent event =
                LambdaHttpEvents.decodeRequest(fixture("function-url-request.json"));
        assertThat(event.method()).isEqualTo("POST");
        assertThat(event.path()).isEqualTo("/fraud/model");
        assertThat(event.header("content-type")).isEqualTo("application/octet-stream");
        assertThat(event.body()).isEqualTo(HexFormat.of().parseHex("0a026869"));
    }

    @Test
    void readsARestApiEvent() throws IOException {
        HttpRequestEvent event = LambdaHttpEvents.decodeRequest(fixture("rest-api-request.json"));
        assertThat(event.method()).isEqualTo("POST");
        assertThat(event.path()).isEqualTo("/functions/greeter");
        assertThat(event.body()).isEqualTo(HexFormat.of().parseHex("0801"));
    }

    @Test
    void readsAPlainTextBody() throws IOException {
        HttpRequestEvent event = LambdaHttpEvents.decodeRequest(fixture("plain-body-request.json"));
        assertThat(event.method()).isEqualTo("GET");
        assertThat(new String(event.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void responseRoundTrips() {
        byte[] body = {9, 8, 7};
        HttpResponseEvent response =
                LambdaHttpEvents.decodeResponse(
                        LambdaHttpEvents.encodeResponse(200, "application/octet-stream", body));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.isSuccess()).isTrue();
        assertThat(response.header("content-type")).isEqualTo("application/octet-stream");
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void badEventsAreClearErrors() {
        assertThatThrownBy(() -> LambdaHttpEvents.decodeRequest(bytes("not json {")))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> LambdaHttpEvents.decodeRequest(bytes("[1,2]")))
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> LambdaHttpEvents.decodeRequest(bytes("{\"version\":\"2.0\"}")))
                .hasMessageContaining("requestContext.http.method");
        assertThatThrownBy(
                        () ->
                                LambdaHttpEvents.decodeRequest(
                                        bytes(
                                                "{\"httpMethod\":\"POST\",\"isBase64Encoded\":true}")))
                .hasMessageContaining("has no body");
        assertThatThrownBy(
                        () ->
                                LambdaHttpEvents.decodeRequest(
                                        bytes(
                                                "{\"httpMethod\":\"POST\",\"body\":\"@@@\",\"isBase64Encoded\":true}")))
                .hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> LambdaHttpEvents.decodeResponse(bytes("{\"body\":\"\"}")))
                .hasMessageContaining("statusCode");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
