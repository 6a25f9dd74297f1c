package dev.ferry.runtime.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * {@code fanout/node}, written with the official SDK: every message it receives is a visit. It
 * counts the visits of its id, reports {@code "node <id> <count>"} to {@code fanout/out}, and,
 * above a depth of {@link #MAX_DEPTH}, sends up to two further visits to ids of its own choice (its
 * own among them), some of them delayed. What a visit sends depends only on the visit's seed and
 * depth, never on state or timing, so {@link #expectedVisits} computes, without running anything,
 * how often each id is visited: the trees of all generated messages together.
 */
final class FanOutFunctions {
    static final TypeName NODE = TypeName.typeNameOf("fanout", "node");
    static final TypeName OUT = TypeName.typeNameOf("fanout", "out");
    static final int MAX_DEPTH = 3;
    private static final ValueSpec<Integer> VISITS = ValueSpec.named("visits").withIntType();

    private FanOutFunctions() {}

    /** A visit the function sends on: to {@code id}, after {@code delay} (zero: at once). */
    record Visit(String id, long seed, int depth, Duration delay) {}

    /**
     * The visits that a visit of {@code seed} at {@code depth} sends, among {@code keys} ids: none
     * at the last depth, else none, one or two (one most often), a fifth of them delayed by 50 to
     * 300 ms.
     */
    static List<Visit> children(long seed, int depth, int keys) {
        List<Visit> children = new ArrayList<>();
        if (depth >= MAX_DEPTH) {
            return children;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int count = new int[] {0, 1, 1, 2}[random.nextInt(4)];
        for (int i = 0; i < count; i++) {
            String id = Integer.toString(random.nextInt(keys));
            long childSeed = random.nextLong();
            Duration delay =
                    random.nextInt(5) == 0
                            ? Duration.ofMillis(50 + random.nextInt(251))
                            : Duration.ZERO;
            children.add(new Visit(id, childSeed, depth + 1, delay));
        }
        return children;
    }

    /**
     * How often each id is visited when the generator sends numbers {@code 0} to {@code messages -
     * 1}, number {@code n} to id {@code n % keys} as the seed of a visit at depth 0.
     */
    static Map<String, Integer> expectedVisits(int messages, int keys) {
        Map<String, Integer> visits = new HashMap<>();
        List<Visit> pending = new ArrayList<>();
        for (long n = 0; n < messages; n++) {
            pending.add(new Visit(Long.toString(n % keys), n, 0, Duration.ZERO));
        }
        while (!pending.isEmpty()) {
            Visit visit = pending.remove(pending.size() - 1);
            visits.merge(visit.id(), 1, Integer::sum);
            pending.addAll(children(visit.seed(), visit.depth(), keys));
        }
        return visits;
    }

    /** The functions, for ids {@code 0} to {@code keys - 1}. */
    static StatefulFunctions all(int keys) {
        StatefulFunctions functions = new StatefulFunctions();
        functions.withStatefulFunction(
                StatefulFunctionSpec.builder(NODE)
                        .withValueSpec(VISITS)
                        .withSupplier(() -> (context, message) -> visit(context, message, keys)));
        return functions;
    }

    private static CompletableFuture<Void> visit(Context context, Message message, int keys) {
        int visits = context.storage().get(VISITS).orElse(0) + 1;
        context.storage().set(VISITS, visits);
        String id = context.self().id();
        context.send(
                EgressMessageBuilder.forEgress(OUT).withValue("node " + id + " " + visits).build());
        long seed;
        int depth;
        if (message.isLong()) {
            // From the generator: its number is the seed, at depth 0.
            seed = message.asLong();
            depth = 0;
        } else {
            String[] visit = message.asUtf8String().split(":");
            seed = Long.parseLong(visit[0]);
            depth = Integer.parseInt(visit[1]);
        }
        for (Visit child : children(seed, depth, keys)) {
            Message next =
                    MessageBuilder.forAddress(NODE, child.id())
                            .withValue(child.seed() + ":" + child.depth())
                            .build();
            if (child.delay().isZero()) {
                context.send(next);
            } else {
                context.sendAfter(child.delay(), next);
            }
        }
        return context.done();
    }
}
