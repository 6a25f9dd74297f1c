package dev.ferry.runtime.module;

import java.util.List;
import java.util.stream.Collectors;

/** A module that cannot be loaded, with every problem found in it (not just the first). */
public final class ModuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<ModuleProblem> problems;

    public ModuleException(List<ModuleProblem> problems) {
        super(
                problems.size()
                        + (problems.size() == 1 ? " problem" : " problems")
                        + " in the module:\n"
                        + problems.stream()
                                .map(ModuleProblem::render)
                                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ModuleProblem> problems() {
        return problems;
    }
}
