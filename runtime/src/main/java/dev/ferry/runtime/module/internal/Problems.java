package dev.ferry.runtime.module.internal;

import dev.ferry.runtime.module.ModuleProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The reading context of one file: collects its problems, each at the position of the node it
 * concerns, and knows the variables that {@code ${env:NAME}} references resolve against.
 */
public final class Problems {
    private final String file;
    private final Function<String, String> variables;
    private final List<ModuleProblem> problems = new ArrayList<>();

    public Problems(String file) {
        this(file, System::getenv);
    }

    public Problems(String file, Function<String, String> variables) {
        this.file = file;
        this.variables = variables;
    }

    /** The value of variable {@code name}, or null when it is not set. */
    String variable(String name) {
        return variables.apply(name);
    }

    public String file() {
        return file;
    }

    public void at(Node node, String message, String expected) {
        at(node == null ? Optional.empty() : node.getStartMark(), message, expected);
    }

    public void at(Optional<Mark> mark, String message, String expected) {
        int line = mark.map(m -> m.getLine() + 1).orElse(1);
        int column = mark.map(m -> m.getColumn() + 1).orElse(1);
        problems.add(new ModuleProblem(file, line, column, message, expected));
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The problems in the order they stand in the file. */
    public List<ModuleProblem> sorted() {
        List<ModuleProblem> copy = new ArrayList<>(problems);
        copy.sort(
                Comparator.comparingInt(ModuleProblem::line)
                        .thenComparingInt(ModuleProblem::column));
        return copy;
    }
}
