package dev.ferry.protocol.envelope;

import java.util.Map;

/** An HTTP response carried in a JSON event: status, headers (lower-case names) and body. */
public record HttpResponseEvent(int statusCode, Map<String, String> headers, byte[] body) {

    public HttpResponseEvent {
        headers = Map.copyOf(headers);
    }

    /** A header by its lower-case name, or null. */
    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    public boolean isSuccess() {
        return statusCode >= 200 && statusCode < 300;
    }
}
