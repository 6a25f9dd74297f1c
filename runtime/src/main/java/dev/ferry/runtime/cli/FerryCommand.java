package dev.ferry.runtime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ferry} command line. Subcommands are registered here and only here: add a command
 * class (such as {@code run} or {@code demo}) to the {@code subcommands} list below.
 */
@Command(
        name = "ferry",
        mixinStandardHelpOptions = true,
        versionProvider = FerryVersion.class,
        description =
                "Stateful functions on serverless platforms, kept exactly-once by Apache Flink.",
        subcommands = {ValidateCommand.class, RunCommand.class, CommandLine.HelpCommand.class})
public final class FerryCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with Ferry's exit codes: 2 for bad usage or bad input. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new FerryCommand());
        // Errors are for people: one line, never a stack trace. An option's own check throws an
        // IllegalArgumentException whose message is the line; anything else is told by its cause.
        commandLine.setExecutionExceptionHandler(
                (e, cl, parseResult) -> {
                    cl.getErr()
                            .println(
                                    "ferry: "
                                            + (e instanceof IllegalArgumentException
                                                            && e.getMessage() != null
                                                    ? e.getMessage()
                                                    : FailureCause.describe(e)));
                    cl.getErr().flush();
                    return ExitCodes.ERROR;
                });
        return commandLine;
    }
}
