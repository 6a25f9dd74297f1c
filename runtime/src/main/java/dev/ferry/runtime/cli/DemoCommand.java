package dev.ferry.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ferry demo}: will run the fraud-detection example end to end. Until the example lands it
 * says what it will do and exits cleanly.
 */
@Command(
        name = "demo",
        description = "Runs the fraud-detection demo (coming with the example application).")
final class DemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("The fraud-detection demo is not built yet.");
        out.println("It will start a Kafka broker, the example's functions and the Ferry runtime,");
        out.println(
                "feed a deterministic stream of transactions and print fraud alerts as they arrive.");
        out.println("Until then: ./ferry validate <module.yaml> checks module files.");
        out.flush();
        return ExitCodes.OK;
    }
}
