package dev.ferry.protocol.conformance;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * What an adapter under test answered to one POST: the HTTP status (or the status the platform maps
 * a function error to), the headers with lower-case names, and the body bytes.
 */
public record AdapterReply(int status, Map<String, String> headers, byte[] body) {
    public AdapterReply {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** A header's value by name in any case, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body as UTF-8 text, for messages in assertions. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String shown = text();
        return "AdapterReply[status="
                + status
                + ", headers="
                + headers
                + ", body="
                + (shown.length() > 200 ? shown.substring(0, 200) + "..." : shown)
                + "]";
    }
}
