package dev.ferry.examples.fraud.demo;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.adapters.knative.KnativeFunctionServer;
import dev.ferry.examples.fraud.FraudFunctions;
import dev.ferry.examples.fraud.MerchantTrustService;
import dev.ferry.examples.fraud.types.FraudTypes;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.embedded.EmbeddedOptions;
import dev.ferry.runtime.embedded.EmbeddedRunner;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleLoader;
import dev.ferry.testkit.LocalKafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Everything the demo runs, in this JVM: a Kafka broker, the merchant-trust service, the four
 * functions in the Knative adapter server, and the Ferry runtime on an embedded Flink cluster
 * running the example's own {@code module.yaml}. {@link #close()} stops them in reverse order.
 */
public final class DemoApplication implements AutoCloseable {
    static final String MODULE_RESOURCE = "fraud-detection/module.yaml";
    static final String TRANSACTIONS_TOPIC = "transactions";
    static final String CONFIRMED_FRAUD_TOPIC = "confirmed-fraud";
    static final String ALERTS_TOPIC = "alerts";
    static final String CONSUMER_GROUP = "fraud-detection";
    static final String CONFIRMED_FRAUD_TYPE =
            FraudTypes.CONFIRMED_FRAUD.typeName().asTypeNameString();

    private final List<AutoCloseable> started = new ArrayList<>();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong reportsDelivered = new AtomicLong();
    private volatile long reportsExpected = Long.MAX_VALUE;
    private LocalKafkaBroker kafka;
    private MerchantTrustService trust;
    private KnativeFunctionServer functions;
    private Path checkpoints;
    private JobClient job;

    private DemoApplication() {}

    /**
     * Starts every part and the job.
     *
     * @param checkpointInterval how often the job checkpoints; alerts become visible to
     *     read-committed consumers when a checkpoint completes
     */
    public static DemoApplication start(Duration checkpointInterval) throws Exception {
        DemoApplication app = new DemoApplication();
        try {
            app.startParts(checkpointInterval);
            return app;
        } catch (Exception | Error e) {
            app.close();
            throw e;
        }
    }

    private void startParts(Duration checkpointInterval) throws Exception {
        kafka = track(LocalKafkaBroker.start());
        kafka.createTopics(1, TRANSACTIONS_TOPIC, CONFIRMED_FRAUD_TOPIC, ALERTS_TOPIC);
        trust = track(MerchantTrustService.start("127.0.0.1", 0));
        functions =
                track(
                        KnativeFunctionServer.builder(
                                        counted(
                                                StatefulFunctionsHandler.of(
                                                        FraudFunctions.create(trust.url()))))
                                .host("127.0.0.1")
                                .port(0)
                                .start());
        checkpoints = Files.createTempDirectory("ferry-demo-checkpoints");
        started.add(() -> FileUtils.deleteDirectory(checkpoints.toFile()));

        Map<String, String> variables =
                Map.of(
                        "FRAUD_FUNCTIONS_URL",
                        "http://127.0.0.1:" + functions.port(),
                        "KAFKA_BROKERS",
                        kafka.bootstrapServers());
        Module module =
                ModuleLoader.loadString(
                        MODULE_RESOURCE,
                        readModule(),
                        name -> variables.getOrDefault(name, System.getenv(name)));
        JobPlan plan = ModulePlanner.plan(module);
        EmbeddedOptions defaults = EmbeddedOptions.defaults();
        EmbeddedOptions options =
                new EmbeddedOptions(
                        checkpoints.toString(),
                        checkpointInterval,
                        1,
                        null,
                        defaults.bufferTimeout(),
                        Map.of("rest.bind-port", "0"));
        job = EmbeddedRunner.start(plan, options);
        started.add(this::cancelJob);
    }

    /**
     * Counts the requests the functions are sent, and the fraud reports among their messages, so
     * the demo can tell when the history has arrived and when the work is done.
     */
    private RemoteHandler counted(RemoteHandler handler) {
        return request -> {
            invocations.incrementAndGet();
            if (reportsDelivered.get() >= reportsExpected) {
                // The history is in: no more reading every request a second time.
                return handler.handle(request);
            }
            try {
                for (ToFunction.Invocation invocation :
                        ToFunction.parseFrom(request).getInvocation().getInvocationsList()) {
                    if (invocation.getArgument().getTypename().equals(CONFIRMED_FRAUD_TYPE)) {
                        reportsDelivered.incrementAndGet();
                    }
                }
            } catch (InvalidProtocolBufferException e) {
                // Not ours to judge: the handler answers a malformed request with an error.
            }
            return handler.handle(request);
        };
    }

    /**
     * Fraud reports delivered to the functions so far. A report that has reached its function went
     * through the runtime's dispatcher, so every later message to the same account is queued behind
     * it: the demo's results do not depend on timing once all reports have arrived. (A report sent
     * again after a failure counts twice; the count only ever decides "all arrived".)
     */
    public long reportsDelivered() {
        return reportsDelivered.get();
    }

    /** How many fraud reports to count; requests are no longer inspected once they are in. */
    public void expectReports(long count) {
        reportsExpected = count;
    }

    /** Requests the functions have been sent so far (each a batch for one address). */
    public long invocations() {
        return invocations.get();
    }

    /** The offset the job has committed for {@code topic}: records it has read and checkpointed. */
    public long committedOffset(String topic) throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            OffsetAndMetadata offset =
                    admin.listConsumerGroupOffsets(CONSUMER_GROUP)
                            .partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS)
                            .get(new TopicPartition(topic, 0));
            return offset == null ? 0 : offset.offset();
        }
    }

    private static String readModule() throws IOException {
        try (InputStream in =
                DemoApplication.class.getClassLoader().getResourceAsStream(MODULE_RESOURCE)) {
            Objects.requireNonNull(in, MODULE_RESOURCE + " is not on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private <T extends AutoCloseable> T track(T part) {
        started.add(part);
        return part;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public int functionsPort() {
        return functions.port();
    }

    public MerchantTrustService trustService() {
        return trust;
    }

    public Path checkpointDirectory() {
        return checkpoints;
    }

    public JobClient job() {
        return job;
    }

    private void cancelJob() throws Exception {
        if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        // cancel() returns once the request is taken; the checkpoint folder is deleted next, so
        // wait until no task can still write into it.
        job.getJobExecutionResult().handle((result, failure) -> null).get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        started.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
