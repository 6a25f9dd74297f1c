package dev.ferry.runtime.embedded;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.core.fs.EntropyInjector;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

/**
 * Finds the newest complete checkpoint ({@code <job>/chk-N/_metadata}) under a checkpoint
 * directory: a local one ({@link #latest}) or any Flink filesystem such as {@code s3://} or {@code
 * gs://} ({@link #latestUri}, once {@link FileSystemPlugins} has loaded the filesystems).
 */
public final class RetainedCheckpoints {
    private RetainedCheckpoints() {}

    /**
     * The newest complete checkpoint under {@code checkpointUri}, as a URI to restore from. Among
     * checkpoints written in the same second (object stores keep seconds), the higher number wins.
     */
    public static Optional<String> latestUri(String checkpointUri) throws IOException {
        org.apache.flink.core.fs.Path root = new org.apache.flink.core.fs.Path(checkpointUri);
        FileSystem fs = root.getFileSystem();
        root = EntropyInjector.removeEntropyMarkerIfPresent(fs, root);
        if (!fs.exists(root)) {
            return Optional.empty();
        }
        org.apache.flink.core.fs.Path best = null;
        long bestTime = Long.MIN_VALUE;
        long bestNumber = Long.MIN_VALUE;
        for (FileStatus job : list(fs, root)) {
            if (!job.isDir()) {
                continue;
            }
            for (FileStatus checkpoint : list(fs, job.getPath())) {
                String name = checkpoint.getPath().getName();
                if (!checkpoint.isDir() || !name.matches("chk-\\d+")) {
                    continue;
                }
                org.apache.flink.core.fs.Path metadata =
                        new org.apache.flink.core.fs.Path(checkpoint.getPath(), "_metadata");
                long time;
                try {
                    time = fs.getFileStatus(metadata).getModificationTime() / 1000;
                } catch (FileNotFoundException e) {
                    continue; // in progress or abandoned
                }
                long number = Long.parseLong(name.substring(4));
                if (time > bestTime || (time == bestTime && number > bestNumber)) {
                    best = checkpoint.getPath();
                    bestTime = time;
                    bestNumber = number;
                }
            }
        }
        return Optional.ofNullable(best).map(p -> p.toUri().toString());
    }

    private static FileStatus[] list(FileSystem fs, org.apache.flink.core.fs.Path dir)
            throws IOException {
        FileStatus[] entries = fs.listStatus(dir);
        return entries == null ? new FileStatus[0] : entries;
    }

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
