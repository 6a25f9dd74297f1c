package dev.ferry.protocol.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ferry.protocol.MediaTypes;
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
    void readsAnHttpApiEventWithStageAndQuery() throws IOException {
        HttpRequestEvent event = LambdaHttpEvents.decodeRequest(fixture("http-api-request.json"));
        assertThat(event.method()).isEqualTo("POST");
        assertThat(event.path()).isEqualTo("/prod/functions/greeter");
        assertThat(event.header("user-agent")).isEqualTo("statefun");
        assertThat(event.body()).isEqualTo(HexFormat.of().parseHex("0801"));
    }

    @Test
    void fallsBackToTheRequestContextPathWithoutRawPath() {
        HttpRequestEvent event =
                LambdaHttpEvents.decodeRequest(
                        bytes(
                                "{\"requestContext\":{\"http\":{\"method\":\"post\","
                                        + "\"path\":\"/ctx\"}},\"body\":\"\"}"));
        assertThat(event.method()).isEqualTo("POST");
        assertThat(event.path()).isEqualTo("/ctx");
        assertThat(event.body()).isEmpty();
    }

    @Test
    void readsAFunctionUrlResponse() throws IOException {
        HttpResponseEvent response =
                LambdaHttpEvents.decodeResponse(fixture("function-url-response.json"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("content-type")).isEqualTo("application/octet-stream");
        assertThat(response.header("x-custom")).isEqualTo("yes");
        assertThat(response.body()).isEqualTo(HexFormat.of().parseHex("0a026869"));
    }

    @Test
    void readsAnErrorResponseWithAPlainBody() throws IOException {
        HttpResponseEvent response =
                LambdaHttpEvents.decodeResponse(fixture("error-response.json"));
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.isSuccess()).isFalse();
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"message\":\"function failed\"}");
    }

    @Test
    void encodedResponseHasTheHttpResponseShape() {
        JsonObject event =
                JsonParser.parseString(
                                new String(
                                        LambdaHttpEvents.encodeResponse(
                                                502, MediaTypes.OCTET_STREAM, new byte[] {1}),
                                        StandardCharsets.UTF_8))
                        .getAsJsonObject();
        assertThat(event.get("statusCode").getAsInt()).isEqualTo(502);
        assertThat(event.getAsJsonObject("headers").get("content-type").getAsString())
                .isEqualTo("application/octet-stream");
        assertThat(event.get("body").getAsString()).isEqualTo("AQ==");
        assertThat(event.get("isBase64Encoded").getAsBoolean()).isTrue();
    }

    @Test
    void badResponsesAreClearErrors() throws IOException {
        assertThatThrownBy(() -> LambdaHttpEvents.decodeResponse(bytes("<html>502</html>")))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("response event is not valid JSON");
        assertThatThrownBy(() -> LambdaHttpEvents.decodeResponse(bytes("\"ok\"")))
                .hasMessageContaining("not a JSON object");
        byte[] noBody = fixture("no-body-response.json");
        assertThatThrownBy(() -> LambdaHttpEvents.decodeResponse(noBody))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("response event has no body");
        assertThatThrownBy(
                        () ->
                                LambdaHttpEvents.decodeResponse(
                                        bytes(
                                                "{\"statusCode\":200,\"body\":\"A=B\","
                                                        + "\"isBase64Encoded\":true}")))
                .hasMessageContaining("response event body is not valid base64");
        assertThatThrownBy(
                        () ->
                                LambdaHttpEvents.decodeResponse(
                                        bytes("{\"statusCode\":\"200\",\"body\":\"\"}")))
                .hasMessageContaining("numeric statusCode");
        assertThatThrownBy(
                        () ->
                                LambdaHttpEvents.decodeResponse(
                                        bytes(
                                                "{\"statusCode\":200,\"body\":\"\","
                                                        + "\"isBase64Encoded\":\"yes\"}")))
                .hasMessageContaining("isBase64Encoded is not a boolean");
    }

    @Test
    void wronglyTypedFieldsAreClearErrors() {
        assertThatThrownBy(
                        () ->
                                LambdaHttpEvents.decodeRequest(
                                        bytes("{\"requestContext\":[],\"body\":\"\"}")))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("requestContext is not a JSON object");
        assertThatThrownBy(
                        () ->
                                LambdaHttpEvents.decodeRequest(
                                        bytes("{\"httpMethod\":\"POST\",\"body\":{\"a\":1}}")))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("request event body is not a string");
        assertThatThrownBy(
                        () ->
                                LambdaHttpEvents.decodeRequest(
                                        bytes("{\"requestContext\":{\"http\":{}},\"body\":\"\"}")))
                .hasMessageContaining("requestContext.http.method is missing");
    }

    @Test
    void requestPathsMustBeAbsolute() {
        assertThatThrownBy(() -> LambdaHttpEvents.encodeRequest("fraud/model", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starts with '/'");
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
