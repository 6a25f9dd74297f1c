package dev.ferry.runtime.cli;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A restore that Flink refuses because the snapshot holds state of an operator the job no longer
 * has. Flink's message names the operator by its hashed id and points at its own CLI's option; in
 * Ferry such an operator is an ingress, its router or an egress (each has a fixed uid from its id),
 * and the option is {@code --allow-non-restored-state}.
 */
final class UnclaimedState {
    /** Flink's {@code Checkpoints#loadAndValidateCheckpoint} message, the operator id in it. */
    private static final Pattern UNMAPPED_OPERATOR =
            Pattern.compile("Cannot map checkpoint/savepoint state for operator (\\p{XDigit}+)");

    private UnclaimedState() {}

    /** The id of the operator whose state the restore could not map, if that failed it. */
    static Optional<String> operatorOf(Throwable failure) {
        for (FailureCause.Link link : FailureCause.chain(failure)) {
            Matcher matcher = UNMAPPED_OPERATOR.matcher(link.message());
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    /** What happened and the two ways on, in one line. */
    static String describe(String operatorId) {
        return "the snapshot to restore holds state of an operator that the modules no longer have"
                + " (Flink operator id "
                + operatorId
                + "): an ingress, its router or an egress was removed, or its id changed. Run with"
                + " the modules that have it, or add --allow-non-restored-state to drop that state"
                + " and restore the rest";
    }
}
