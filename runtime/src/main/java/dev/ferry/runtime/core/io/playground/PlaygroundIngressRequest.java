package dev.ferry.runtime.core.io.playground;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.Envelope;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How StateFun's playground ingress reads a request: the decoded path {@code
 * /{namespace}/{type}/{id}} is the target, the first {@code Content-Type} value that starts with
 * {@code application/vnd.} gives the message type (the rest of it, verbatim), and the body is the
 * value as it came.
 */
final class PlaygroundIngressRequest {
    static final String CONTENT_TYPE_PREFIX = "application/vnd.";
    static final String DEFAULT_TYPE = "io.statefun.types/string";
    static final String BAD_PATH =
            "Invalid URL. Please specify '/namespace/function_type/function_id'";

    private PlaygroundIngressRequest() {}

    /**
     * The message a request sends.
     *
     * @param rawPath the request path without the query, as sent (percent-encoded)
     * @param contentTypes every value of the {@code Content-Type} header
     * @throws IllegalArgumentException when the path is not three non-empty segments
     */
    static Envelope message(String rawPath, List<String> contentTypes, byte[] body) {
        return new Envelope(target(rawPath), null, messageType(contentTypes), body);
    }

    static FunctionAddress target(String rawPath) {
        String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        // As the playground splits: trailing empty segments do not count.
        String[] segments = (path.startsWith("/") ? path.substring(1) : path).split("/");
        if (segments.length != 3
                || segments[0].isEmpty()
                || segments[1].isEmpty()
                || segments[2].isEmpty()) {
            throw new IllegalArgumentException(BAD_PATH + ", got '" + path + "'");
        }
        return new FunctionAddress(new TypeName(segments[0], segments[1]), segments[2]);
    }

    static String messageType(List<String> contentTypes) {
        for (String value : contentTypes) {
            if (value.startsWith(CONTENT_TYPE_PREFIX)) {
                return value.substring(CONTENT_TYPE_PREFIX.length());
            }
        }
        return DEFAULT_TYPE;
    }
}
