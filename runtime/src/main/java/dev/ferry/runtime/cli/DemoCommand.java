package dev.ferry.runtime.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry demo}: listed here so that {@code ferry help} shows it. The {@code ferry} launcher
 * runs the demo itself from {@code examples/fraud-demo}, which brings the example's functions, the
 * Knative adapter and a Kafka broker that the runtime alone does not carry; reaching this command
 * means the runtime was started without the launcher.
 */
@Command(
        name = "demo",
        description = {
            "Runs the fraud-detection example end to end on this machine: a Kafka broker, the",
            "example's functions and the runtime, fed a deterministic stream; alerts print as",
            "they arrive. Options: --transactions N, --rate PER_SECOND, --seed N, --plain."
        })
final class DemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(hidden = true)
    List<String> ignored;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        err.println("ferry demo runs from the repository's launcher: ./ferry demo");
        err.println(
                "(it starts examples/fraud-demo, whose class path holds the example's functions,");
        err.println("the Knative adapter server and the Kafka broker the runtime does not carry)");
        err.flush();
        return ExitCodes.INVALID;
    }
}
