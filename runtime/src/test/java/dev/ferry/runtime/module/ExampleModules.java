package dev.ferry.runtime.module;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The example module files under the test resources {@code modules/valid} and {@code invalid}. */
public final class ExampleModules {
    private ExampleModules() {}

    public static Path dir(String folder) throws URISyntaxException {
        return Path.of(ExampleModules.class.getResource("/modules/" + folder).toURI());
    }

    public static Stream<Path> list(String folder) throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(dir(folder))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }
}
