package dev.ferry.runtime.module;

/**
 * One thing wrong with a module file, at a place people can jump to.
 *
 * @param file the file as it was named to the loader
 * @param line 1-based line
 * @param column 1-based column
 * @param message what is wrong
 * @param expected what was expected instead
 */
public record ModuleProblem(String file, int line, int column, String message, String expected) {

    /** {@code FILE:LINE:COLUMN: what is wrong; what was expected}. */
    public String render() {
        return file + ":" + line + ":" + column + ": " + message + "; " + expected;
    }

    @Override
    public String toString() {
        return render();
    }
}
