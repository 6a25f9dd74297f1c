package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.invokers.http.SdkFunctionServerExtension;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleBuilder;
import dev.ferry.runtime.module.PrintEgressSpec;
import dev.ferry.runtime.module.RetrySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function whose reply breaks the module (a record for an egress the module does not declare)
 * fails the job once, although the job may restart a hundred times: a restart would only meet the
 * same reply again. The failure names the function, its address and the egress.
 */
class BadReplyITCase {
    private static final org.apache.flink.statefun.sdk.java.TypeName SENDER =
            org.apache.flink.statefun.sdk.java.TypeName.typeNameOf("test", "sender");

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    @RegisterExtension
    static final SdkFunctionServerExtension FUNCTIONS =
            new SdkFunctionServerExtension(BadReplyITCase::sender);

    /** {@code test/sender}: sends a record to an egress the module does not declare. */
    private static StatefulFunctions sender() {
        StatefulFunctions sender = new StatefulFunctions();
        sender.withStatefulFunction(
                StatefulFunctionSpec.builder(SENDER)
                        .withSupplier(
                                () ->
                                        (context, message) -> {
                                            context.send(
                                                    EgressMessageBuilder.forEgress(
                                                                    org.apache.flink.statefun.sdk
                                                                            .java.TypeName
                                                                            .typeNameOf(
                                                                                    "test",
                                                                                    "nowhere"))
                                                            .withValue("lost")
                                                            .build());
                                            return context.done();
                                        }));
        return sender;
    }

    @Test
    void aReplyForAnUndeclaredEgressFailsTheJobOnceWithoutRestarts(@TempDir Path checkpoints)
            throws Exception {
        Module module =
                ModuleBuilder.create()
                        .endpoint(
                                ModuleBuilder.http(
                                        "test/*",
                                        FUNCTIONS.server().url("http", "/{function.name}"),
                                        Duration.ofSeconds(5),
                                        RetrySpec.defaults()))
                        .ingress(
                                new GeneratorIngressSpec(
                                        TypeName.parse("test/numbers"),
                                        List.of(TypeName.parse("test/sender")),
                                        WellKnownTypes.LONG,
                                        10,
                                        1,
                                        1))
                        .egress(
                                new PrintEgressSpec(
                                        TypeName.parse("test/out"), PrintEgressSpec.Output.LOG))
                        .build();
        // Restarts allowed: up to 100, 100 ms apart.
        JobClient job = TestJobs.start(ModulePlanner.plan(module), checkpoints, null, 2);

        assertThatThrownBy(() -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS))
                .satisfies(
                        failure -> {
                            assertThat(
                                            ExceptionUtils.findThrowable(
                                                    failure, SuppressRestartsException.class))
                                    .isPresent();
                            assertThat(ExceptionUtils.stripExecutionException(failure))
                                    .rootCause()
                                    .hasMessageContaining("function test/sender:")
                                    .hasMessageContaining(
                                            "sent a record to egress test/nowhere, which the"
                                                    + " module does not declare");
                        });
        // One message, one invocation: the job never ran again.
        assertThat(FUNCTIONS.server().requests()).isEqualTo(1);
    }
}
