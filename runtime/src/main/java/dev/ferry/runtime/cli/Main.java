package dev.ferry.runtime.cli;

/** Entry point of the {@code ferry} launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(FerryCommand.commandLine().execute(args));
    }
}
