package dev.ferry.protocol.envelope;

/** A transport envelope that cannot be read: the message says what is wrong and where. */
public final class EnvelopeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public EnvelopeException(String message) {
        super(message);
    }

    public EnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
