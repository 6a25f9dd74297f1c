package dev.ferry.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.adapters.aws.testing.LambdaFixture;
import dev.ferry.adapters.aws.testing.LambdaRuntimeProcess;
import dev.ferry.examples.fraud.types.ConfirmedFraud;
import dev.ferry.examples.fraud.types.FeatureVector;
import dev.ferry.examples.fraud.types.FraudScore;
import dev.ferry.examples.fraud.types.JsonType;
import dev.ferry.examples.fraud.types.MerchantScore;
import dev.ferry.examples.fraud.types.Transaction;
import dev.ferry.invokers.AwsCredentials;
import dev.ferry.invokers.RetryPolicy;
import dev.ferry.invokers.lambda.LambdaEndpointConfig;
import dev.ferry.invokers.lambda.LambdaInvoker;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.wire.FromFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment zip as Lambda runs it: unpacked into a task root, started by the real runtime
 * interface client with the handler and environment of {@code examples/aws-lambda/template.yaml},
 * and called by Ferry's Lambda invoker (the AWS SDK client) through {@link LambdaFixture}. One
 * invocation per fraud function; the first measures the cold start.
 */
class LambdaZipITCase {
    private static final String HANDLER = "dev.ferry.adapters.aws.FunctionsHandler";
    private static final String FUNCTION_NAME = "ferry-fraud";
    private static final String ALIAS = "live";

    private static TrustServiceStub trust;
    private static LambdaFixture fixture;
    private static LambdaRuntimeProcess runtime;
    private static LambdaInvoker invoker;

    @BeforeAll
    static void start() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "lambda-zip"));
        Path taskRoot = Files.createTempDirectory(work, "task-");
        LambdaPackage.unpack(LambdaPackage.zip(), taskRoot);
        trust = new TrustServiceStub();
        fixture = new LambdaFixture();
        fixture.onlyFunction(FUNCTION_NAME);
        invoker =
                LambdaInvoker.create(
                        LambdaEndpointConfig.of(FUNCTION_NAME)
                                .withQualifier(ALIAS)
                                .withEndpoint(
                                        "us-east-1",
                                        fixture.endpoint(),
                                        AwsCredentials.staticKeys("test", "test"))
                                .withTimeout(Duration.ofSeconds(30))
                                .withRetry(RetryPolicy.defaults(Duration.ofSeconds(30))));

        long started = System.nanoTime();
        runtime =
                LambdaRuntimeProcess.startPackage(
                        fixture,
                        taskRoot.toAbsolutePath(),
                        HANDLER,
                        work.resolve(taskRoot.getFileName() + ".log").toAbsolutePath(),
                        Map.of(
                                "FERRY_FUNCTIONS", FraudFunctionsSupplier.class.getName(),
                                "MERCHANT_TRUST_URL", trust.url().toString()));
        // Init (JVM, runtime interface client, the handler's constructor) ends at the first poll.
        await().atMost(Duration.ofSeconds(60))
                .failFast(
                        "the runtime exited; see its log in target/lambda-zip",
                        () -> !runtime.isAlive())
                .until(() -> fixture.polls() > 0);
        Duration init = Duration.ofNanos(System.nanoTime() - started);
        FromFunction first = model(new FeatureVector("tx-0", 1_000, 0, 0.9));
        Duration coldStart = Duration.ofNanos(System.nanoTime() - started);
        assertThat(first.hasInvocationResult()).as(runtime.output()).isTrue();
        Duration firstInRuntime = fixture.functionTimes().get(0);
        System.out.printf(
                "Lambda zip %,d bytes under the runtime interface client: init %d ms, first"
                        + " invocation inside the runtime %d ms (cold start %d ms); init + first"
                        + " invocation seen by the invoker %d ms%n",
                Files.size(LambdaPackage.zip()),
                init.toMillis(),
                firstInRuntime.toMillis(),
                init.plus(firstInRuntime).toMillis(),
                coldStart.toMillis());
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (invoker != null) {
            invoker.close();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (trust != null) {
            trust.close();
        }
    }

    @Test
    void theTransactionManagerAsksForTheFraudCountAndTheMerchantScore() throws Exception {
        FromFunction.InvocationResponse reply =
                invoke(
                        new FunctionCall("fraud/transaction-manager", "tx-1")
                                .emptyStates("transaction", "fraud_count", "merchant_trust")
                                .message(
                                        "fraud.types/transaction",
                                        new Transaction("tx-1", "acct-1", "merchant-1", 12_345, 0),
                                        null,
                                        null));

        assertThat(reply.getOutgoingMessagesList())
                .extracting(m -> m.getTarget().getType() + ":" + m.getTarget().getId())
                .containsExactly("fraud-count:acct-1", "merchant-score:merchant-1");
        assertThat(fixture.invocations())
                .allSatisfy(
                        call -> {
                            assertThat(call.functionName()).isEqualTo(FUNCTION_NAME);
                            assertThat(call.qualifier()).isEqualTo(ALIAS);
                        });
    }

    @Test
    void fraudCountCountsAReport() throws Exception {
        FromFunction.InvocationResponse reply =
                invoke(
                        new FunctionCall("fraud/fraud-count", "acct-2")
                                .state("count", PrimitiveCodecs.intValue(1))
                                .message(
                                        "fraud.types/confirmed-fraud",
                                        new ConfirmedFraud("acct-2", "tx-2"),
                                        null,
                                        null));

        assertThat(
                        PrimitiveCodecs.decodeInt(
                                reply.getStateMutations(0)
                                        .getStateValue()
                                        .getValue()
                                        .toByteArray()))
                .isEqualTo(2);
        assertThat(reply.getDelayedInvocationsCount()).isEqualTo(1);
    }

    @Test
    void merchantScoreCallsTheTrustServiceTheEnvironmentNames() throws Exception {
        long before = trust.requests();
        FromFunction.InvocationResponse reply =
                invoke(
                        new FunctionCall("fraud/merchant-score", "merchant-3")
                                .emptyStates("trust")
                                .message(
                                        "fraud.types/query-merchant-score",
                                        "tx-3",
                                        "fraud/transaction-manager",
                                        "tx-3"));

        assertThat(trust.requests()).isEqualTo(before + 1);
        assertThat(
                        JsonType.fromJson(
                                reply.getOutgoingMessages(0).getArgument().getValue().toByteArray(),
                                MerchantScore.class))
                .isEqualTo(new MerchantScore("merchant-3", TrustServiceStub.trustOf("merchant-3")));
    }

    @Test
    void theModelScores() throws Exception {
        FeatureVector features = new FeatureVector("tx-4", 25_000, 1, 0.1);
        FromFunction.InvocationResponse reply = model(features).getInvocationResult();

        FraudScore score =
                JsonType.fromJson(
                        reply.getOutgoingMessages(0).getArgument().getValue().toByteArray(),
                        FraudScore.class);
        assertThat(score.score()).isEqualTo(FraudModel.score(features));
    }

    private static FromFunction model(FeatureVector features) throws Exception {
        return invoker.invoke(
                        new FunctionCall("fraud/model", features.transactionId())
                                .message(
                                        "fraud.types/feature-vector",
                                        features,
                                        "fraud/transaction-manager",
                                        features.transactionId())
                                .request())
                .get(60, TimeUnit.SECONDS);
    }

    private static FromFunction.InvocationResponse invoke(FunctionCall call) throws Exception {
        FromFunction reply = invoker.invoke(call.request()).get(60, TimeUnit.SECONDS);
        assertThat(reply.hasInvocationResult()).as(runtime.output()).isTrue();
        return reply.getInvocationResult();
    }
}
