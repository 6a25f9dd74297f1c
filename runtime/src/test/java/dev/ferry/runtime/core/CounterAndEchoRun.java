package dev.ferry.runtime.core;

import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.http.SdkFunctionServer;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.module.EndpointSpec;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleBuilder;
import dev.ferry.runtime.module.PrintEgressSpec;
import dev.ferry.runtime.module.RetrySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * The run the exactly-once tests share, whatever platform serves the functions: a generator sends
 * {@code messages} numbers, spread evenly over {@code keys} keys, to {@code test/counter} of one
 * endpoint serving {@link TestFunctions}; counter and echo report to {@code test/out}, whose
 * records reach a {@link CommittedEgress}. The tests differ in the endpoint and in the faults.
 */
record CounterAndEchoRun(int keys, int messages) {
    private static final TypeName OUT = TypeName.parse("test/out");

    /**
     * An HTTP endpoint for {@code test/*} on {@code functions}, with StateFun's default retries.
     */
    static EndpointSpec http(SdkFunctionServer functions, Duration callTimeout) {
        return ModuleBuilder.http(
                "test/*",
                functions.url("http", "/{function.name}"),
                callTimeout,
                RetrySpec.defaults());
    }

    /** {@code endpoint}, the generator at {@code rate} messages a second, and {@code test/out}. */
    Module module(EndpointSpec endpoint, long rate) {
        return ModuleBuilder.create()
                .endpoint(endpoint)
                .ingress(
                        new GeneratorIngressSpec(
                                TypeName.parse("test/numbers"),
                                List.of(TypeName.parse("test/counter")),
                                WellKnownTypes.LONG,
                                rate,
                                messages,
                                keys))
                .egress(new PrintEgressSpec(OUT, PrintEgressSpec.Output.LOG))
                .build();
    }

    /**
     * The job of {@link #module}, its {@code test/out} records committed to the {@link
     * CommittedEgress} named {@code egress} through {@code before} (a fault to inject, or null).
     */
    JobPlan plan(
            EndpointSpec endpoint,
            long rate,
            String egress,
            MapFunction<EgressRecord, EgressRecord> before) {
        return ModulePlanner.plan(
                module(endpoint, rate),
                Map.of(OUT, spec -> TestJobs.committed(spec.id(), egress, before)));
    }

    /** Waits, up to 2 minutes, until {@code egress} holds as many records as the run makes. */
    void awaitAll(String egress) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> CommittedEgress.committed(egress).size() >= 2 * messages);
    }

    /** Every count of every counter and echo committed to {@code egress} once, nothing else. */
    void assertExactlyOnce(String egress) {
        ExactlyOnceAssertions.assertEachExactlyOnce(CommittedEgress.committed(egress), expected());
    }

    /** Each count of each counter, and each echo with its count. */
    List<String> expected() {
        List<String> expected = new ArrayList<>();
        for (int key = 0; key < keys; key++) {
            for (int count = 1; count <= messages / keys; count++) {
                expected.add("counter " + key + " " + count);
                expected.add("echo e" + key + " " + count);
            }
        }
        return expected;
    }
}
