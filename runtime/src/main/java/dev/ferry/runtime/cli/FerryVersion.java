package dev.ferry.runtime.cli;

import picocli.CommandLine;

/** The version printed by {@code ferry --version}, from the jar manifest when there is one. */
final class FerryVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = FerryCommand.class.getPackage().getImplementationVersion();
        return new String[] {"ferry " + (version == null ? "(development build)" : version)};
    }
}
