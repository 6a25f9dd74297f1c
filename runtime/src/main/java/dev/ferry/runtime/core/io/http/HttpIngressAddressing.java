package dev.ferry.runtime.core.io.http;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.io.BadRecords;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.IngressRoute;
import java.io.Serializable;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an HTTP request's path, {@code Content-Type} and body into messages for functions, or into
 * the reason it cannot. {@code /<namespace>/<type>/<id>} is one message to that function, typed by
 * the {@code Content-Type} after {@code application/vnd.}; {@code /<route path>/<id>} is one
 * message of the route's {@code valueType} per target of the route.
 */
public final class HttpIngressAddressing implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String VENDOR_PREFIX = "application/vnd.";

    private final Map<String, IngressRoute> routes;
    private final List<FunctionPattern> served;

    /**
     * @param routes the routes by path segment (a path named twice keeps its last route)
     * @param served the functions some endpoint serves; messages for others are refused
     */
    public HttpIngressAddressing(List<IngressRoute> routes, List<FunctionPattern> served) {
        Map<String, IngressRoute> byPath = new HashMap<>();
        routes.forEach(route -> byPath.put(route.source(), route));
        this.routes = byPath;
        this.served = List.copyOf(served);
    }

    /** What became of one request. */
    public sealed interface Outcome {}

    /** The messages the request sends. */
    public record Messages(List<Envelope> envelopes) implements Outcome {}

    /** The request sends nothing: answer {@code status} with {@code reason}. */
    public record Refused(int status, String reason) implements Outcome {}

    /**
     * @param rawPath the request path as sent, percent-encoded
     * @param contentType the {@code Content-Type} header, or null
     */
    public Outcome resolve(String rawPath, String contentType, byte[] body) {
        List<String> segments = segments(rawPath);
        if (segments == null) {
            return new Refused(400, "the path " + rawPath + " is not percent-encoded correctly");
        }
        if (segments.size() == 3) {
            return direct(segments, contentType, body);
        }
        if (segments.size() == 2) {
            return routed(segments, body);
        }
        return new Refused(
                404,
                "the path "
                        + rawPath
                        + " has "
                        + segments.size()
                        + " segments; expected /<namespace>/<type>/<id> or /<route path>/<id>");
    }

    private Outcome direct(List<String> segments, String contentType, byte[] body) {
        TypeName function;
        try {
            function = new TypeName(segments.get(0), segments.get(1));
        } catch (IllegalArgumentException e) {
            return new Refused(404, e.getMessage());
        }
        if (served.stream().noneMatch(pattern -> pattern.matches(function))) {
            return new Refused(404, "no endpoint serves function type " + function);
        }
        String mediaType = mediaType(contentType);
        String valueType;
        byte[] value;
        if (mediaType.regionMatches(true, 0, VENDOR_PREFIX, 0, VENDOR_PREFIX.length())) {
            valueType = mediaType.substring(VENDOR_PREFIX.length());
            try {
                TypeName.parse(valueType);
            } catch (IllegalArgumentException e) {
                return new Refused(
                        415,
                        "Content-Type "
                                + contentType
                                + " does not name a type: "
                                + e.getMessage()
                                + " (expected application/vnd.<namespace>/<name>)");
            }
            String invalid = BadRecords.check(valueType, body);
            if (invalid != null) {
                return new Refused(400, invalid);
            }
            value = body;
        } else {
            // Plain text, as curl -d sends it, becomes a string message holding that text.
            valueType = WellKnownTypes.STRING;
            value = PrimitiveCodecs.encodeString(new String(body, StandardCharsets.UTF_8));
        }
        return new Messages(
                List.of(
                        new Envelope(
                                new FunctionAddress(function, segments.get(2)),
                                null,
                                valueType,
                                value)));
    }

    private Outcome routed(List<String> segments, byte[] body) {
        IngressRoute route = routes.get(segments.get(0));
        if (route == null) {
            return new Refused(
                    404,
                    "no route has path "
                            + segments.get(0)
                            + " (routes: "
                            + String.join(", ", routes.keySet())
                            + ")");
        }
        String invalid = BadRecords.check(route.valueType(), body);
        if (invalid != null) {
            return new Refused(400, invalid);
        }
        List<Envelope> envelopes = new ArrayList<>();
        for (TypeName target : route.targets()) {
            if (served.stream().noneMatch(pattern -> pattern.matches(target))) {
                return new Refused(404, "no endpoint serves function type " + target);
            }
            envelopes.add(
                    new Envelope(
                            new FunctionAddress(target, segments.get(1)),
                            null,
                            route.valueType(),
                            body));
        }
        return new Messages(envelopes);
    }

    /** The decoded, non-empty segments of a path, or null when one is not decodable. */
    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (raw.isEmpty()) {
                continue;
            }
            try {
                // '+' is a plus in a path, not a space as in a form.
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return segments;
    }

    /**
     * The media type of a {@code Content-Type}, without parameters (its case kept: it names a
     * type).
     */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.trim();
    }
}
