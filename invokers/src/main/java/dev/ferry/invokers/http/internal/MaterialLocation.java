package dev.ferry.invokers.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads TLS material from where a module names it: a plain path, a {@code file:} URL (as StateFun's
 * own modules write them, e.g. {@code file:/opt/statefun/certs/ca.pem}) or {@code classpath:NAME}.
 */
public final class MaterialLocation {
    public static final String EXPECTED =
            "a readable file: a path, a file: URL (file:/dir/name) or classpath:NAME";

    private static final String CLASSPATH = "classpath:";
    private static final String FILE = "file:";

    private MaterialLocation() {}

    /**
     * The bytes at {@code location}.
     *
     * @throws IOException saying what could not be read, and why
     */
    public static byte[] read(String location) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            String name = location.substring(CLASSPATH.length());
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = MaterialLocation.class.getClassLoader();
            }
            try (InputStream in = loader.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IOException("no class path resource " + name);
                }
                return in.readAllBytes();
            }
        }
        Path path = path(location);
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IOException("no file " + path.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new IOException("cannot read " + path.toAbsolutePath() + ": " + e, e);
        }
    }

    private static Path path(String location) throws IOException {
        if (!location.startsWith(FILE)) {
            return Path.of(location);
        }
        try {
            URI uri = URI.create(location);
            // file:relative/name is an opaque URI: its path is what follows the scheme.
            return uri.isOpaque()
                    ? Path.of(uri.getSchemeSpecificPart())
                    : Path.of(new URI(FILE + uri.getRawPath()));
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            throw new IOException("not a file URL: " + e.getMessage(), e);
        }
    }
}
