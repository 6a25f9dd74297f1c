package dev.ferry.examples.fraud.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.examples.fraud.FraudModel;
import dev.ferry.examples.fraud.MerchantTrust;
import dev.ferry.examples.fraud.types.Alert;
import dev.ferry.examples.fraud.types.ConfirmedFraud;
import dev.ferry.examples.fraud.types.FeatureVector;
import dev.ferry.examples.fraud.types.Transaction;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The demo headless: the same broker, functions, merchant-trust service, module and input as {@code
 * ./ferry demo}, with the alerts read back as a downstream consumer would and compared with the
 * alerts the input must produce, each exactly once.
 */
class FraudDemoITCase {
    private static final int TRANSACTIONS = 400;
    private static final long SEED = 42;

    @Test
    void theDeterministicInputRaisesExactlyTheExpectedAlerts() throws Exception {
        DemoInput input = new DemoInput(SEED);
        List<String> expected = expectedAlerts(input, TRANSACTIONS);
        assertThat(expected).as("the input must raise some alerts").hasSizeGreaterThan(5);

        List<Alert> alerts = new CopyOnWriteArrayList<>();
        try (DemoApplication app = DemoApplication.start(Duration.ofMillis(500));
                AlertWatcher watcher = new AlertWatcher(app.bootstrapServers(), alerts::add);
                TransactionFeeder feeder = new TransactionFeeder(app, input, TRANSACTIONS, 0)) {
            watcher.start();
            feeder.start();

            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast(
                            "the job ended",
                            () -> app.job().getJobStatus().get().isGloballyTerminalState())
                    .failFast("the feeder failed", () -> feeder.failure() != null)
                    .until(() -> alerts.size() >= expected.size());
            // Every transaction read and checkpointed: a duplicate alert would be visible by now.
            await().atMost(Duration.ofMinutes(2))
                    .until(
                            () ->
                                    app.committedOffset(DemoApplication.TRANSACTIONS_TOPIC)
                                            >= TRANSACTIONS);

            assertThat(alerts)
                    .extracting(Alert::transactionId)
                    .containsExactlyInAnyOrderElementsOf(expected);
            Alert first =
                    alerts.stream()
                            .filter(a -> a.transactionId().equals(expected.get(0)))
                            .findFirst()
                            .orElseThrow();
            Transaction source =
                    input.transaction(Long.parseLong(first.transactionId().substring(3)));
            assertThat(first.account()).isEqualTo(source.account());
            assertThat(first.merchant()).isEqualTo(source.merchant());
            assertThat(first.amountCents()).isEqualTo(source.amountCents());
            assertThat(FraudDemo.describe(first))
                    .startsWith("ALERT " + first.transactionId() + "  account " + source.account());
            // The score cache: the trust service is asked about once per merchant, not per
            // transaction.
            assertThat(app.trustService().requests()).isLessThanOrEqualTo(2L * DemoInput.MERCHANTS);
        }
    }

    /** What the input must raise: the model applied to what each function knows. */
    private static List<String> expectedAlerts(DemoInput input, int transactions) {
        Map<String, Integer> frauds = new HashMap<>();
        for (ConfirmedFraud report : input.history()) {
            frauds.merge(report.account(), 1, Integer::sum);
        }
        return java.util.stream.LongStream.range(0, transactions)
                .mapToObj(input::transaction)
                .filter(
                        t ->
                                FraudModel.isAlert(
                                        FraudModel.score(
                                                new FeatureVector(
                                                        t.id(),
                                                        t.amountCents(),
                                                        frauds.getOrDefault(t.account(), 0),
                                                        MerchantTrust.of(t.merchant())))))
                .map(Transaction::id)
                .toList();
    }
}
