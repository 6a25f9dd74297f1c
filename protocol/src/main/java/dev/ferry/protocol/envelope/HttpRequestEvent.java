package dev.ferry.protocol.envelope;

import java.util.Map;

/**
 * An HTTP request as a function platform delivered it in a JSON event: method, path, headers (names
 * in lower case) and the decoded body.
 */
public record HttpRequestEvent(
        String method, String path, Map<String, String> headers, byte[] body) {

    public HttpRequestEvent {
        headers = Map.copyOf(headers);
    }

    /** A header by its lower-case name, or null. */
    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }
}
