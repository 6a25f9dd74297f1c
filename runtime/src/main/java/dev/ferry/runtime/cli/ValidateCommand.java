package dev.ferry.runtime.cli;

import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleException;
import dev.ferry.runtime.module.ModuleLoader;
import dev.ferry.runtime.module.ModuleProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry validate FILE...}: one summary line per valid file; every problem of an invalid file
 * as {@code FILE:LINE:COLUMN: what is wrong; what was expected}, and exit code 2.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = FerryVersion.class,
        description =
                "Checks module files and reports every problem with its file, line and column.")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "module files (YAML)")
    List<Path> files;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean allValid = true;
        for (Path file : files) {
            try {
                Module module = ModuleLoader.load(file);
                out.println(file + ": OK (" + module.summary() + ")");
            } catch (ModuleException e) {
                allValid = false;
                for (ModuleProblem problem : e.problems()) {
                    err.println(problem.render());
                }
            }
        }
        out.flush();
        err.flush();
        return allValid ? ExitCodes.OK : ExitCodes.INVALID;
    }
}
