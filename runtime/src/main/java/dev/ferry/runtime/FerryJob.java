package dev.ferry.runtime;

import dev.ferry.runtime.core.translation.FerryTopology;
import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleLoader;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The entry point on a Flink cluster ({@code flink run -c dev.ferry.runtime.FerryJob
 * ferry-runtime.jar [MODULE]}): loads the module (a path, a {@code file:} URL, or by default every
 * {@code module.yaml} on the class path) and runs it with the cluster's configuration.
 */
public final class FerryJob {
    private FerryJob() {}

    public static void main(String[] args) throws Exception {
        String location = args.length > 0 ? args[0] : "classpath:module.yaml";
        Module module = ModuleLoader.load(location, FerryJob.class.getClassLoader());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FerryTopology.build(env, ModulePlanner.plan(module));
        env.execute("ferry");
    }
}
