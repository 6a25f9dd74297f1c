package dev.ferry.runtime.cli;

/** What the {@code ferry} command exits with. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;

    /** Invalid input: a bad module file or bad usage. */
    static final int INVALID = 2;

    static final int ERROR = 1;

    private ExitCodes() {}
}
