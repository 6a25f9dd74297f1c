package dev.ferry.protocol.envelope;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ferry.protocol.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

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
    private LambdaHttpEvents() {}

    /** The event for a direct invocation: a POST of {@code body} to {@code path}. */
    public static byte[] encodeRequest(String path, byte[] body) {
        return encodeRequest(path, body, MediaTypes.OCTET_STREAM);
    }

    /**
     * {@link #encodeRequest(String, byte[])} for a body of {@code mediaType} (also what it accepts
     * back): Ferry's address batches travel as {@link MediaTypes#ADDRESS_BATCH}.
     */
    public static byte[] encodeRequest(String path, byte[] body, String mediaType) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an HTTP path starts with '/', got '" + path + "'");
        }
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
        headers.addProperty("content-type", mediaType);
        headers.addProperty("accept", mediaType);

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
        JsonObject requestContext = optionalObject(event, "requestContext", "requestContext");
        JsonObject http =
                requestContext == null
                        ? null
                        : optionalObject(requestContext, "http", "requestContext.http");
        if (http != null) {
            method = string(http, "method", "requestContext.http.method");
            path = optionalString(event, "rawPath", "rawPath");
            if (path == null) {
                path = optionalString(http, "path", "requestContext.http.path");
            }
        } else if (event.has("httpMethod")) {
            method = string(event, "httpMethod", "httpMethod");
            path = optionalString(event, "path", "path");
        } else {
            throw new EnvelopeException(
                    "not an HTTP request event: expected requestContext.http.method (payload"
                            + " format 2.0) or httpMethod (1.0)");
        }
        Map<String, String> headers = headers(event);
        byte[] body = body(event, "request event");
        return new HttpRequestEvent(
                method.toUpperCase(Locale.ROOT), path == null ? "/" : path, headers, body);
    }

    /** The response event for a status, a content type and a body (base64-encoded). */
    public static byte[] encodeResponse(int statusCode, String contentType, byte[] body) {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
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
        String value = optionalString(object, key, path);
        if (value == null) {
            throw new EnvelopeException(path + " is missing");
        }
        return value;
    }

    /** The string at {@code key}, null when absent or JSON null, an error for other types. */
    private static String optionalString(JsonObject object, String key, String path) {
        JsonElement value = object.get(key);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new EnvelopeException(path + " is not a string: " + value);
        }
        return value.getAsString();
    }

    /** The object at {@code key}, null when absent or JSON null, an error for other types. */
    private static JsonObject optionalObject(JsonObject object, String key, String path) {
        JsonElement value = object.get(key);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonObject()) {
            throw new EnvelopeException(path + " is not a JSON object: " + value);
        }
        return value.getAsJsonObject();
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
        String text = optionalString(event, "body", what + " body");
        if (text == null) {
            throw new EnvelopeException(what + " has no body; expected the serialized message");
        }
        JsonElement encoded = event.get("isBase64Encoded");
        boolean base64 = false;
        if (encoded != null && !encoded.isJsonNull()) {
            if (!encoded.isJsonPrimitive() || !encoded.getAsJsonPrimitive().isBoolean()) {
                throw new EnvelopeException(what + " isBase64Encoded is not a boolean: " + encoded);
            }
            base64 = encoded.getAsBoolean();
        }
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
