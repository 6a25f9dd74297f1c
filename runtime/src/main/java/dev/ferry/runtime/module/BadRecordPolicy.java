package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;
import java.io.Serializable;

/**
 * What an ingress does with a record it cannot turn into messages: one without a key, one whose
 * value does not decode as its declared primitive type, or one routed to a function type no
 * endpoint serves.
 *
 * @param onBadRecord fail the job (the default, as in StateFun) or dead-letter the record
 * @param deadLetterEgress the egress that receives bad records with {@link Action#DEAD_LETTER},
 *     else null
 */
public record BadRecordPolicy(Action onBadRecord, TypeName deadLetterEgress)
        implements Serializable {

    /** What happens to a bad record. */
    public enum Action {
        /**
         * Fail the job, naming the record's position and the reason. The job is not restarted: it
         * would meet the same record again.
         */
        FAIL,
        /** Send the record, with its position and the reason, to the dead-letter egress. */
        DEAD_LETTER
    }

    public BadRecordPolicy {
        if (onBadRecord == Action.DEAD_LETTER && deadLetterEgress == null) {
            throw new IllegalArgumentException("dead-lettering needs a dead-letter egress");
        }
    }

    /** The default: a bad record fails the job. */
    public static BadRecordPolicy fail() {
        return new BadRecordPolicy(Action.FAIL, null);
    }

    public static BadRecordPolicy deadLetter(TypeName egress) {
        return new BadRecordPolicy(Action.DEAD_LETTER, egress);
    }
}
