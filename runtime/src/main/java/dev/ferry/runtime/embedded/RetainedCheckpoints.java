package dev.ferry.runtime.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the newest complete checkpoint ({@code <job>/chk-N/_metadata}) under a local directory. */
public final class RetainedCheckpoints {
    private RetainedCheckpoints() {}

    public static Optional<Path> latest(String checkpointUri) {
        Path root =
                checkpointUri.startsWith("file:")
                        ? Path.of(URI.create(checkpointUri))
                        : Path.of(checkpointUri);
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> files =
                Files.find(
                        root,
                        3,
                        (path, attributes) ->
                                path.getFileName().toString().equals("_metadata")
                                        && path.getParent()
                                                .getFileName()
                                                .toString()
                                                .startsWith("chk-"))) {
            return files.max(Comparator.comparing(RetainedCheckpoints::modified))
                    .map(Path::getParent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + root + " for checkpoints", e);
        }
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
