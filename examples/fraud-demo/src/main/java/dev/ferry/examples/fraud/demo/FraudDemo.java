package dev.ferry.examples.fraud.demo;

import dev.ferry.examples.fraud.types.Alert;
import dev.ferry.runtime.cli.TerminalLine;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./ferry demo}: the fraud-detection application end to end on this machine. Prints each
 * alert as it arrives under a live progress line; Ctrl-C stops everything.
 */
@Command(
        name = "ferry demo",
        mixinStandardHelpOptions = true,
        // One paragraph: picocli wraps it to the terminal's width (a line per element would be
        // wrapped once more wherever it is longer than that).
        description =
                "Runs the fraud-detection example end to end in this process: a Kafka broker, the"
                        + " merchant-trust service, the four functions in the Knative adapter"
                        + " server, and the Ferry runtime on an embedded Flink cluster. A"
                        + " deterministic stream of transactions and fraud confirmations goes in;"
                        + " alerts print as they arrive. Ctrl-C stops it.")
public final class FraudDemo implements Callable<Integer> {

    @Option(
            names = "--transactions",
            description = "Transactions to send, then stop (default: until Ctrl-C).",
            defaultValue = "0")
    long transactions;

    @Option(
            names = "--rate",
            description =
                    "Transactions per second (default: ${DEFAULT-VALUE}; 0 = as fast as possible).",
            defaultValue = "100")
    double rate;

    @Option(
            names = "--seed",
            description = "Seed of the input; the same seed gives the same alerts.",
            defaultValue = "42")
    long seed;

    @Option(
            names = "--checkpoint-interval",
            description =
                    "Checkpoint interval in ms; alerts appear when a checkpoint completes (default: ${DEFAULT-VALUE}).",
            defaultValue = "1000")
    long checkpointIntervalMs;

    @Option(
            names = "--plain",
            description = "No live progress line (for logs and terminals without ANSI).")
    boolean plain;

    private static final long CLOSE_TIMEOUT_SECONDS = 30;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        // Set before anything logs: the demo prints alerts, libraries only their problems.
        System.setProperty("log4j2.configurationFile", "ferry-demo-log4j2.properties");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        int code = new CommandLine(new FraudDemo()).execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        boolean live = !plain && TerminalLine.isTerminal();
        ProgressLine progress = new ProgressLine(out, live);
        out.println(
                "Ferry fraud-detection demo: starting a Kafka broker, the functions and the runtime...");
        long started = System.nanoTime();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // Ctrl-C: ask the main thread to stop, and hold the JVM until it has closed everything
        // (the job, the servers, the broker and their temporary folders).
        Thread hook =
                new Thread(
                        () -> {
                            stop.countDown();
                            try {
                                closed.await(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "demo-ctrl-c");
        try (DemoApplication app = DemoApplication.start(Duration.ofMillis(checkpointIntervalMs))) {
            out.printf(
                    "  Kafka broker     %s (topics transactions, confirmed-fraud, alerts)%n",
                    app.bootstrapServers());
            out.printf(
                    "  functions        http://127.0.0.1:%d/{function.name} (Knative adapter server)%n",
                    app.functionsPort());
            out.printf("  merchant trust   %s%n", app.trustService().url());
            out.printf(
                    "  runtime          embedded Flink, checkpoints every %d ms in %s%n",
                    checkpointIntervalMs, app.checkpointDirectory());
            out.printf(
                    "Ready in %.1f s. Sending %s at %s; alerts follow (score >= 0.80).%n",
                    (System.nanoTime() - started) / 1e9,
                    transactions == 0 ? "transactions" : transactions + " transactions",
                    rate == 0 ? "full speed" : String.format(Locale.ROOT, "%.0f/s", rate));
            Runtime.getRuntime().addShutdownHook(hook);
            try (AlertWatcher alerts = new AlertWatcher(app.bootstrapServers(), progress::alert);
                    TransactionFeeder feeder =
                            new TransactionFeeder(app, new DemoInput(seed), transactions, rate)) {
                alerts.start();
                feeder.start();
                return watch(app, feeder, alerts, progress, stop);
            }
        } finally {
            closed.countDown();
            progress.finish();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down (Ctrl-C)
            }
        }
    }

    private int watch(
            DemoApplication app,
            TransactionFeeder feeder,
            AlertWatcher alerts,
            ProgressLine progress,
            CountDownLatch stop)
            throws Exception {
        long idleSince = System.nanoTime();
        long lastInvocations = -1;
        long lastAlerts = -1;
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(2000, 3 * checkpointIntervalMs));
        while (!stop.await(250, TimeUnit.MILLISECONDS)) {
            progress.update(feeder.historyTaken(), feeder.sent(), alerts.received());
            JobStatus status = app.job().getJobStatus().get(10, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState()) {
                progress.message("The job ended: " + status + ". See the log above for why.");
                return 1;
            }
            Throwable failure = feeder.failure() != null ? feeder.failure() : alerts.failure();
            if (failure != null) {
                progress.message("Stopping: " + failure);
                return 1;
            }
            if (app.invocations() != lastInvocations || alerts.received() != lastAlerts) {
                lastInvocations = app.invocations();
                lastAlerts = alerts.received();
                idleSince = System.nanoTime();
            }
            // Done when the job has read and checkpointed every transaction, and neither the
            // functions nor the alerts have moved for a few checkpoints.
            if (transactions > 0
                    && feeder.finished()
                    && System.nanoTime() - idleSince > idleNanos
                    && app.committedOffset(DemoApplication.TRANSACTIONS_TOPIC) >= feeder.sent()) {
                progress.update(true, feeder.sent(), alerts.received());
                progress.message(
                        String.format(
                                Locale.ROOT,
                                "Done: %d transactions in, %d alerts out, %d function invocations.",
                                feeder.sent(),
                                alerts.received(),
                                app.invocations()));
                return 0;
            }
        }
        progress.message("Stopping (Ctrl-C)...");
        return 0;
    }

    /** One alert as the demo prints it. */
    static String describe(Alert alert) {
        return String.format(
                Locale.ROOT,
                "ALERT %s  account %s  merchant %s (trust %.2f)  $%,.2f  confirmed frauds %d  score %.2f",
                alert.transactionId(),
                alert.account(),
                alert.merchant(),
                alert.merchantTrust(),
                alert.amountCents() / 100.0,
                alert.fraudCount(),
                alert.score());
    }
}
