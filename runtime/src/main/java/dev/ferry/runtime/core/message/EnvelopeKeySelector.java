package dev.ferry.runtime.core.message;

import org.apache.flink.api.java.functions.KeySelector;

/** Keys envelopes by their target id: the one key of the whole function graph. */
public final class EnvelopeKeySelector implements KeySelector<Envelope, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Envelope envelope) {
        return envelope.key();
    }
}
