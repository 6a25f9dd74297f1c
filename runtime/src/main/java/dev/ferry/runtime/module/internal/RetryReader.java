package dev.ferry.runtime.module.internal;

import dev.ferry.invokers.RetryPolicy;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.EndpointSpec;
import dev.ferry.runtime.module.RetrySpec;
import dev.ferry.runtime.module.RetrySpec.OnExhausted;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * An endpoint's {@code retry}: backoff, attempts, deadline, statuses and the dead-letter egress.
 */
final class RetryReader {

    private RetryReader() {}

    static RetrySpec read(SpecReader parent) {
        RetryPolicy defaults = RetrySpec.defaults().policy();
        SpecReader retry = parent.object("retry");
        Duration initial = retry.optPositiveDuration("initialBackoff", defaults.initialBackoff());
        Duration max = retry.optPositiveDuration("maxBackoff", defaults.maxBackoff());
        boolean capBelowFirst = max.compareTo(initial) < 0;
        if (capBelowFirst && retry.has("maxBackoff")) {
            retry.problem(
                    "maxBackoff",
                    retry.path() + ".maxBackoff " + max + " is below initialBackoff " + initial,
                    "a maxBackoff of at least initialBackoff");
        }
        double multiplier = retry.optDouble("multiplier", defaults.multiplier(), 1.0, 100.0);
        double jitter = retry.optDouble("jitter", defaults.jitter(), 0.0, 1.0);
        int maxAttempts = retry.optInt("maxAttempts", 0);
        retry.notNegative("maxAttempts", maxAttempts, "0 (no limit) or more");
        Duration deadline = retry.optPositiveDuration("deadline", null);
        Set<Integer> statuses = defaults.retryableStatuses();
        if (retry.has("retryableStatuses")) {
            statuses = Set.copyOf(retry.listOf("retryableStatuses", false, i -> status(retry, i)));
        }
        OnExhausted onExhausted = retry.choice("onExhausted", OnExhausted.class, OnExhausted.FAIL);
        TypeName deadLetter = retry.optTypeName("deadLetterEgress");
        checkDeadLetter(parent, retry, onExhausted, deadLetter);
        retry.finish();
        // A value reported above fails the file; it is replaced so that the spec can still be
        // built. A raised first delay with no cap of its own raises the cap rather than
        // contradicting it.
        Duration first = aboveZero(initial, defaults.initialBackoff());
        Duration cap = aboveZero(max, defaults.maxBackoff());
        Duration ownDeadline = aboveZero(deadline, null);
        RetryPolicy policy =
                new RetryPolicy(
                        first,
                        cap.compareTo(first) < 0 ? first : cap,
                        multiplier,
                        jitter,
                        Math.max(maxAttempts, 0),
                        ownDeadline != null ? ownDeadline : defaults.deadline(),
                        statuses);
        return new RetrySpec(policy, ownDeadline == null, onExhausted, deadLetter);
    }

    /**
     * The last step of every endpoint kind: reads the retry, finishes the spec and, when the
     * endpoint's required keys were read ({@code complete}), adds the endpoint made with that
     * retry.
     */
    static void readLastAndBind(
            SpecReader spec,
            ModuleParts parts,
            boolean complete,
            Function<RetrySpec, EndpointSpec> endpoint) {
        RetrySpec retry = read(spec);
        spec.finish();
        if (complete) {
            parts.addEndpoint(endpoint.apply(retry), spec.value("functions"), deadLetterNode(spec));
        }
    }

    /** The node of {@code retry.deadLetterEgress}, for module-wide checks. */
    static Node deadLetterNode(SpecReader spec) {
        Node retry = spec.value("retry");
        if (retry == null) {
            return spec.node();
        }
        Node egress = YamlNodes.lookup(retry, "deadLetterEgress");
        return egress == null ? retry : egress;
    }

    private static Integer status(SpecReader retry, SpecReader.ItemNode item) {
        String text = retry.stringValue(item.node(), item.path());
        try {
            int status = Integer.parseInt(text);
            if (status >= 100 && status <= 599) {
                return status;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        if (text != null) {
            retry.problems()
                    .at(
                            item.node(),
                            item.path() + " '" + text + "' is not an HTTP status",
                            "a number from 100 to 599");
        }
        return null;
    }

    private static void checkDeadLetter(
            SpecReader parent, SpecReader retry, OnExhausted onExhausted, TypeName deadLetter) {
        if (onExhausted == OnExhausted.DEAD_LETTER
                && deadLetter == null
                && !retry.has("deadLetterEgress")) {
            retry.problems()
                    .at(
                            retry.node() == null ? parent.node() : retry.node(),
                            "onExhausted: dead-letter needs deadLetterEgress in " + retry.path(),
                            "deadLetterEgress: <namespace>/<name> of a declared egress");
        }
        if (onExhausted == OnExhausted.FAIL && deadLetter != null) {
            retry.problem(
                    "deadLetterEgress",
                    retry.path() + ".deadLetterEgress is set but onExhausted is fail",
                    "onExhausted: dead-letter, or no deadLetterEgress");
        }
    }

    private static Duration aboveZero(Duration value, Duration fallback) {
        return value == null || value.isZero() || value.isNegative() ? fallback : value;
    }
}
