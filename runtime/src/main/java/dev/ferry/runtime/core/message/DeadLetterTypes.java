package dev.ferry.runtime.core.message;

/**
 * The type names of the dead letters the runtime writes to an egress: what the dispatcher and the
 * ingresses produce and what every egress recognises, so that both sides name them alike.
 */
public final class DeadLetterTypes {
    /** A record an ingress could not route or decode, with its position and the reason. */
    public static final String BAD_RECORD = "ferry.types/bad-record";

    /** A batch whose invocation finally failed, with the error and every message. */
    public static final String FUNCTION_DEAD_LETTER = "ferry.types/dead-letter";

    private DeadLetterTypes() {}

    /** True for either kind of dead letter. */
    public static boolean isDeadLetter(String typename) {
        return BAD_RECORD.equals(typename) || FUNCTION_DEAD_LETTER.equals(typename);
    }
}
