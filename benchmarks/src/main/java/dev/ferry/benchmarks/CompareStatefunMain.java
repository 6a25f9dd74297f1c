package dev.ferry.benchmarks;

import dev.ferry.runtime.module.AddressBatching;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Runs StateFun 3.3 and Ferry on the counter and chain workloads in one run: each at maximum rate,
 * at {@value StatefunComparison#LOW_RATE} and {@value StatefunComparison#HIGH_RATE} msg/s, and the
 * p99-bounded search for the rate each sustains; prints one table with StateFun and two columns of
 * Ferry, each with its ratio to StateFun: Ferry calling the functions as StateFun does (one address
 * per request, the SDK's server), and Ferry with its Knative adapter server hosting the same SDK
 * functions and address batching on.
 *
 * <p>Arguments: {@code <StateFun peer folder (writable, with run.sh)> [messages (200000)] [keys
 * (1000)] [p99 bound in ms (50)]}. Per workload StateFun runs first, then Ferry, then Ferry with
 * address batching, so all see the machine about alike. All are measured the same way, the peer's:
 * each run floods messages, waits until they all reached the egress, idles a second, then paces a
 * fixed rate; the flood gives the maximum (its first fifth left out), the paced phase the latency
 * (all of it, from each message's due time); every run of the search is a {@value
 * #SHORT_FLOOD}-message flood and {@value #PROBE_SECONDS} s paced, at rates of the same ladder.
 * Every run of every column starts cold: the peer starts a runtime JVM and a function server JVM
 * per run, and Ferry's runs go the same way ({@link FreshJvmRun}), so no run inherits JIT-compiled
 * code or warm connections from another.
 */
public final class CompareStatefunMain {
    /** The column of Ferry calling the functions as StateFun does, one address per request. */
    static final String FERRY = "Ferry";

    /**
     * The column of Ferry with its Knative adapter server hosting the same SDK functions and
     * address batching on (at most one request in flight per lane).
     */
    static final String FERRY_BATCHING = "Ferry, address batching";

    /** The paced phase at the fixed rates lasts this long, in both systems. */
    static final int PACED_SECONDS = 16;

    /** The paced phase of each rate the search tries lasts this long, in both systems. */
    static final int PROBE_SECONDS = 8;

    /**
     * At most this many rates tried per system and workload by the search, on the ladder between
     * the fixed-rate runs that bracket the answer (see {@link SustainableRateSearch#ladder}).
     */
    static final int SEARCH_PROBES = 6;

    /** Messages of the flood before a paced phase whose flood is not measured. */
    static final int SHORT_FLOOD = 20_000;

    private CompareStatefunMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException(
                    "usage: CompareStatefunMain <StateFun peer folder> [messages] [keys] [p99 ms]");
        }
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int keys = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        StatefunPeer peer = new StatefunPeer(Path.of(args[0]), keys);
        double bound = args.length > 3 ? Double.parseDouble(args[3]) : 50;
        LambdaCost cost = LambdaCost.US_EAST_1_X86_512MB;
        ComparisonTable table = new ComparisonTable(List.of(FERRY, FERRY_BATCHING));
        StringBuilder notes = new StringBuilder();
        boolean verified = true;
        long started = System.nanoTime();
        for (Workload workload : Workload.values()) {
            StatefunComparison.Figures statefun = statefun(peer, workload, messages, bound);
            StatefunComparison.Figures ferry = ferry(FERRY, workload, messages, keys, bound, null);
            StatefunComparison.Figures batching =
                    ferry(FERRY_BATCHING, workload, messages, keys, bound, AddressBatching.ON);
            StatefunComparison.addRows(
                    table, workload, statefun, List.of(ferry, batching), bound, cost);
            verified &= statefun.verified() && ferry.verified() && batching.verified();
            notes.append(
                    String.format(
                            Locale.ROOT,
                            "%s: StateFun %s, %s %s, %s %s; Ferry's functions spent %.3f ms per"
                                    + " invocation at %,d msg/s%n",
                            workload.label(),
                            problems(statefun),
                            FERRY,
                            problems(ferry),
                            FERRY_BATCHING,
                            problems(batching),
                            ferry.high().millisPerInvocation(),
                            StatefunComparison.HIGH_RATE));
        }
        System.out.printf(
                Locale.ROOT,
                "StateFun 3.3 and Ferry, same run: %d messages at maximum, %d keys, RocksDB, 1 s"
                        + " exactly-once checkpoints, parallelism 1, 5 ms buffer timeout, %d"
                        + " cores, %.0f s%n%n",
                messages,
                keys,
                Runtime.getRuntime().availableProcessors(),
                (System.nanoTime() - started) / 1e9);
        System.out.print(table.render());
        System.out.println();
        System.out.print(notes);
        System.out.println("Lambda cost: " + cost.describe());
        System.exit(verified ? 0 : 1);
    }

    private static String problems(StatefunComparison.Figures figures) {
        if (figures.verified()) {
            return "verified";
        }
        for (BenchmarkRun.Result run :
                new BenchmarkRun.Result[] {
                    figures.max(), figures.low(), figures.high(), figures.sustained()
                }) {
            if (run != null && !run.verified()) {
                return "NOT VERIFIED at " + run.rate() + " msg/s: " + run.problem();
            }
        }
        return "NOT VERIFIED";
    }

    private static StatefunComparison.Figures statefun(
            StatefunPeer peer, Workload workload, int messages, double bound) throws Exception {
        return measure(
                "StateFun",
                workload,
                messages,
                bound,
                (flood, rate, seconds) -> peer.run(workload, flood, rate, seconds));
    }

    /**
     * Ferry measured as the peer measures StateFun: each run one job that floods, drains, idles a
     * second and then paces ({@link BenchmarkRun#floodThenPace}); with {@code batching} not null,
     * behind Ferry's Knative adapter server with address batching on.
     */
    private static StatefunComparison.Figures ferry(
            String system,
            Workload workload,
            int messages,
            int keys,
            double bound,
            AddressBatching batching)
            throws Exception {
        return measure(
                system,
                workload,
                messages,
                bound,
                (flood, rate, seconds) ->
                        FreshJvmRun.floodThenPace(workload, flood, rate, seconds, keys, batching));
    }

    /** One run of a system: a flood of messages, then a paced phase at a rate for some seconds. */
    private interface FloodThenPace {
        BenchmarkRun.Result run(int flood, long rate, int seconds) throws Exception;
    }

    /**
     * The same runs for either system: the maximum from a {@code messages} flood followed by the
     * low rate, the high rate, and the p99-bounded search between them.
     */
    private static StatefunComparison.Figures measure(
            String system, Workload workload, int messages, double bound, FloodThenPace runs)
            throws Exception {
        progress(system, workload, "maximum and " + StatefunComparison.LOW_RATE + " msg/s");
        BenchmarkRun.Result low = runs.run(messages, StatefunComparison.LOW_RATE, PACED_SECONDS);
        progress(system, workload, StatefunComparison.HIGH_RATE + " msg/s");
        BenchmarkRun.Result high =
                runs.run(SHORT_FLOOD, StatefunComparison.HIGH_RATE, PACED_SECONDS);
        progress(system, workload, "p99 search");
        BenchmarkRun.Result sustained =
                SustainableRateSearch.search(
                        List.of(low, high),
                        low.throughput(),
                        bound,
                        SEARCH_PROBES,
                        rate -> runs.run(SHORT_FLOOD, rate, PROBE_SECONDS));
        return new StatefunComparison.Figures(low, low, high, sustained);
    }

    private static void progress(String system, Workload workload, String what) {
        System.err.printf(
                Locale.ROOT, "compare-statefun: %s %s, %s%n", system, workload.label(), what);
    }
}
