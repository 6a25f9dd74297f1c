package dev.ferry.protocol.adapter;

import dev.ferry.protocol.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What an adapter sends back: a status, a content type, a body and any further headers. A reply is
 * {@code 200} with the function's bytes as {@code application/octet-stream}; every error has one
 * shape, one line of UTF-8 text ended by a newline as {@value #ERROR_CONTENT_TYPE}.
 */
public record ProtocolAnswer(
        int status, String contentType, byte[] body, Map<String, String> headers) {

    /** The content type of every error answer. */
    public static final String ERROR_CONTENT_TYPE = "text/plain; charset=utf-8";

    public ProtocolAnswer {
        headers = Map.copyOf(headers);
    }

    /** The function's reply. */
    public static ProtocolAnswer reply(byte[] reply) {
        return new ProtocolAnswer(200, MediaTypes.OCTET_STREAM, reply, Map.of());
    }

    /** The results of an address batch, one per address ({@code AddressBatchReply}). */
    public static ProtocolAnswer addressBatchReply(byte[] reply) {
        return new ProtocolAnswer(200, MediaTypes.ADDRESS_BATCH, reply, Map.of());
    }

    /** An answer of plain text in the error shape, also used for probes. */
    public static ProtocolAnswer error(int status, String message, Map<String, String> headers) {
        byte[] line = (message.replaceAll("\\s+", " ") + "\n").getBytes(StandardCharsets.UTF_8);
        return new ProtocolAnswer(status, ERROR_CONTENT_TYPE, line, headers);
    }

    /** A plain-text answer without further headers ({@code ready}, {@code ok} for probes). */
    public static ProtocolAnswer text(int status, String message) {
        return error(status, message, Map.of());
    }

    public boolean isReply() {
        return status == 200;
    }
}
