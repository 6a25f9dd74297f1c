package dev.ferry.checkpoints;

import dev.ferry.invokers.http.SdkFunctionServer;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.translation.JobPlan;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.embedded.EmbeddedOptions;
import dev.ferry.runtime.module.GeneratorIngressSpec;
import dev.ferry.runtime.module.ModuleBuilder;
import dev.ferry.runtime.module.PrintEgressSpec;
import dev.ferry.runtime.module.RetrySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * The job of the S3 tests: a generator sends numbers to the SDK counter function ({@link
 * CounterFunctions}), whose records reach a {@link CommittedSink}; run embedded with checkpoints on
 * {@code s3://} through an {@link S3ProxyServer}.
 */
final class CounterJob {
    private CounterJob() {}

    /**
     * The plan: {@code messages} over {@code keys} at {@code rate} per second, the egress records
     * passing {@code fault} (or null) before the sink.
     */
    static JobPlan plan(
            SdkFunctionServer functions,
            int rate,
            int messages,
            int keys,
            MapFunction<EgressRecord, EgressRecord> fault) {
        return ModulePlanner.plan(
                ModuleBuilder.create()
                        .endpoint(
                                ModuleBuilder.http(
                                        "test/*",
                                        functions.url("http", "/{function.name}"),
                                        Duration.ofSeconds(5),
                                        RetrySpec.defaults()))
                        .ingress(
                                new GeneratorIngressSpec(
                                        TypeName.parse("test/numbers"),
                                        List.of(TypeName.parse("test/counter")),
                                        WellKnownTypes.LONG,
                                        rate,
                                        messages,
                                        keys))
                        .egress(
                                new PrintEgressSpec(
                                        TypeName.parse("test/out"), PrintEgressSpec.Output.LOG))
                        .build(),
                Map.of(TypeName.parse("test/out"), spec -> CommittedSink.plan(spec.id(), fault)));
    }

    /**
     * Checkpoints every 500 ms under {@code dir} on {@code s3}, parallelism 2, restoring {@code
     * restore} (or nothing), the REST endpoint on {@code restPort} of 127.0.0.1 with fresh
     * checkpoint figures; {@code extra} settings last.
     */
    static EmbeddedOptions options(
            S3ProxyServer s3, String dir, String restore, int restPort, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(s3.settings());
        settings.put("rest.bind-address", "127.0.0.1");
        settings.put("rest.address", "127.0.0.1");
        settings.put("rest.port", Integer.toString(restPort));
        settings.put("rest.bind-port", Integer.toString(restPort));
        settings.put("restart-strategy.fixed-delay.delay", "200ms");
        // Fresh checkpoint figures: the REST API caches them for 3 s by default.
        settings.put("rest.cache.checkpoint-statistics.timeout", "10 ms");
        settings.putAll(extra);
        return new EmbeddedOptions(
                dir,
                Duration.ofMillis(500),
                2,
                restore,
                Duration.ofMillis(5),
                settings,
                Path.of(System.getProperty("ferry.plugins.dir")),
                true);
    }
}
