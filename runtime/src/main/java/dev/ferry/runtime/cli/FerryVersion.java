package dev.ferry.runtime.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version printed by {@code ferry --version}: the jar manifest's, else the Maven metadata the
 * jar plugin stores in every jar, else (classes run from an IDE or target/classes) none.
 */
final class FerryVersion implements CommandLine.IVersionProvider {
    private static final String POM_PROPERTIES =
            "/META-INF/maven/dev.ferry/ferry-runtime/pom.properties";

    @Override
    public String[] getVersion() {
        String version = FerryCommand.class.getPackage().getImplementationVersion();
        if (version == null) {
            version = fromPomProperties();
        }
        return new String[] {"ferry " + (version == null ? "(development build)" : version)};
    }

    private static String fromPomProperties() {
        try (InputStream in = FerryCommand.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }
}
