package dev.ferry.runtime.module.internal;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.BadRecordPolicy;
import dev.ferry.runtime.module.BadRecordPolicy.Action;
import org.snakeyaml.engine.v2.nodes.Node;

/** An ingress's dead-letter policy: {@code onBadRecord} and {@code deadLetterEgress}. */
final class BadRecordPolicyReader {

    private BadRecordPolicyReader() {}

    static BadRecordPolicy read(SpecReader spec) {
        Action action = spec.choice("onBadRecord", Action.class, Action.FAIL);
        TypeName egress = spec.optTypeName("deadLetterEgress");
        if (action == Action.DEAD_LETTER) {
            if (egress != null) {
                return BadRecordPolicy.deadLetter(egress);
            }
            if (!spec.has("deadLetterEgress")) {
                spec.problem(
                        "onBadRecord",
                        "onBadRecord: dead-letter needs deadLetterEgress in " + spec.path(),
                        "deadLetterEgress: <namespace>/<name> of a declared egress");
            }
        } else if (egress != null) {
            spec.problem(
                    "deadLetterEgress",
                    spec.path() + ".deadLetterEgress is set but onBadRecord is fail",
                    "onBadRecord: dead-letter, or no deadLetterEgress");
        }
        return BadRecordPolicy.fail();
    }

    /** The node of an ingress's {@code deadLetterEgress}, for module-wide checks. */
    static Node deadLetterNode(SpecReader spec) {
        Node egress = spec.value("deadLetterEgress");
        return egress == null ? spec.node() : egress;
    }
}
