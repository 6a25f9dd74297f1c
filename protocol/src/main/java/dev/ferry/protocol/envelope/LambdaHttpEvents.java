package dev.ferry.protocol.envelope;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON events that carry the protocol through AWS Lambda.
 *
 * <p>Lambda's Invoke API accepts only JSON, so the runtime wraps each serialized {@code ToFunction}
 * in the event an API Gateway HTTP API or a Lambda function URL would send (payload format 2.0,
 * body in base64) and expects the matching response event back. Any HTTP-on-Lambda function
 * therefore understands a direct invocation, and a Ferry adapter also accepts requests that really
 * come through a function URL or API Gateway (2.0 and the older 1.0 REST shape).
 */
public final class LambdaHttpEvents {
    public static final String OCTET_STREAM = "application/octet-stream";

    private LambdaHttpEvents() {}

    /** The event for a direct invocation: a POST of {@code body} to {@code path}. */
    public static byte[] encodeRequest(String path, byte[] body) {
        JsonObject http = new JsonObject();
        http.addProperty("method", "POST");
        http.addProperty("path", path);
        http.addProperty("protocol", "HTTP/1.1");
        http.addProperty("sourceIp", "127.0.0.1");
        http.addProperty("userAgent", "ferry");
        JsonObject requestContext = new JsonObject();
        requestContext.addProperty("routeKey", "$default");
        requestContext.addProperty("stage", "$default");
        requestContext.add("http", http);

        JsonObject headers = new JsonObject();
        headers.addProperty("content-type", OCTET_STREAM);
        headers.addProperty("accept", OCTET_STREAM);

        JsonObject event = new JsonObject();
        event.addProperty("version", "2.0");
        event.addProperty("routeKey", "$default");
        event.addProperty("rawPath", path);
        event.addProperty("rawQueryString", "");
        event.add("headers", headers);
        event.add("requestContext", requestContext);
        event.addProperty("body", Base64.getEncoder().encodeToString(body));
        event.addProperty("isBase64Encoded", true);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a request event: payload format 2.0 (direct invoke, function URL, HTTP API) or the 1.0
     * REST API shape.
     */
    public static HttpRequestEvent decodeRequest(byte[] json) {
        JsonObject event = parseObject(json, "request event");
        String method;
        String path;
        if (event.has("requestContext") && event.getAsJsonObject("requestContext").has("http")) {
            JsonObject http = event.getAsJsonObject("requestContext").getAsJsonObject("http");
            method = string(http, "method", "requestContext.http.method");
            path = event.has("rawPath") ? string(event, "rawPath", "rawPath") : "/";
        } else if (event.has("httpMethod")) {
            method = string(event, "httpMethod", "httpMethod");
            path = event.has("path") ? string(event, "path", "path") : "/";
        } else {
            throw new EnvelopeException(
                    "not an HTTP request event: expected requestContext.http.method (payload"
                            + " format 2.0) or httpMethod (1.0)");
        }
        Map<String, String> headers = headers(event);
        byte[] body = body(event, "request event");
        return new HttpRequestEvent(method.toUpperCase(Locale.ROOT), path, headers, body);
    }

    /** The response event for a status, a content type and a body (base64-encoded). */
    public static byte[] encodeResponse(int statusCode, String contentType, byte[] body) {
        JsonObject headers = new JsonObject();
        headers.addProperty("content-type", contentType);
        JsonObject event = new JsonObject();
        event.addProperty("statusCode", statusCode);
        event.add("headers", headers);
        event.addProperty("body", Base64.getEncoder().encodeToString(body));
        event.addProperty("isBase64Encoded", true);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a response event as a function returned it. */
    public static HttpResponseEvent decodeResponse(byte[] json) {
        JsonObject event = parseObject(json, "response event");
        JsonElement status = event.get("statusCode");
        if (status == null
                || !status.isJsonPrimitive()
                || !status.getAsJsonPrimitive().isNumber()) {
            throw new EnvelopeException(
                    "response event has no numeric statusCode; expected an HTTP response event"
                            + " {statusCode, headers, body, isBase64Encoded}");
        }
        return new HttpResponseEvent(
                status.getAsInt(), headers(event), body(event, "response event"));
    }

    private static JsonObject parseObject(byte[] json, String what) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new EnvelopeException(what + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!parsed.isJsonObject()) {
            throw new EnvelopeException(what + " is not a JSON object");
        }
        return parsed.getAsJsonObject();
    }

    private static String string(JsonObject object, String key, String path) {
        JsonElement value = object.get(key);
        if (value == null || !value.isJsonPrimitive()) {
            throw new EnvelopeException(path + " is missing or not a string");
        }
        return value.getAsString();
    }

    private static Map<String, String> headers(JsonObject event) {
        Map<String, String> headers = new HashMap<>();
        JsonElement element = event.get("headers");
        if (element != null && element.isJsonObject()) {
            for (Map.Entry<String, JsonElement> header : element.getAsJsonObject().entrySet()) {
                if (header.getValue().isJsonPrimitive()) {
                    headers.put(
                            header.getKey().toLowerCase(Locale.ROOT),
                            header.getValue().getAsString());
                }
            }
        }
        return headers;
    }

    private static byte[] body(JsonObject event, String what) {
        JsonElement body = event.get("body");
        if (body == null || body.isJsonNull()) {
            throw new EnvelopeException(what + " has no body; expected the serialized message");
        }
        String text = body.getAsString();
        JsonElement encoded = event.get("isBase64Encoded");
        boolean base64 = encoded != null && encoded.isJsonPrimitive() && encoded.getAsBoolean();
        if (!base64) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new EnvelopeException(what + " body is not valid base64: " + e.getMessage(), e);
        }
    }
}
