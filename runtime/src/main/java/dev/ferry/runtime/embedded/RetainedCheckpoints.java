package dev.ferry.runtime.embedded;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.core.fs.EntropyInjector;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.local.LocalFileSystem;

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
        for (org.apache.flink.core.fs.Path job : folders(fs, root)) {
            for (org.apache.flink.core.fs.Path checkpoint : folders(fs, job)) {
                String name = checkpoint.getName();
                if (!name.matches("chk-\\d+")) {
                    continue;
                }
                org.apache.flink.core.fs.Path metadata =
                        new org.apache.flink.core.fs.Path(checkpoint, "_metadata");
                long time;
                try {
                    time = fs.getFileStatus(metadata).getModificationTime() / 1000;
                } catch (FileNotFoundException | NoSuchFileException e) {
                    continue; // in progress, abandoned or deleted meanwhile
                }
                long number = Long.parseLong(name.substring(4));
                if (time > bestTime || (time == bestTime && number > bestNumber)) {
                    best = checkpoint;
                    bestTime = time;
                    bestNumber = number;
                }
            }
        }
        return Optional.ofNullable(best).map(p -> p.toUri().toString());
    }

    /**
     * The folders in {@code dir} (for a local directory, every entry: one that is not a folder has
     * no {@code _metadata} under it). A running job deletes the checkpoints it no longer needs, so
     * an entry listed a moment ago may be gone: locally only names are listed (Flink's local
     * listing reads each entry's status and fails on one that vanished), and a folder that is gone
     * has no entries.
     */
    private static List<org.apache.flink.core.fs.Path> folders(
            FileSystem fs, org.apache.flink.core.fs.Path dir) throws IOException {
        List<org.apache.flink.core.fs.Path> folders = new ArrayList<>();
        try {
            if (fs instanceof LocalFileSystem) {
                try (DirectoryStream<Path> entries =
                        Files.newDirectoryStream(Path.of(dir.toUri()))) {
                    for (Path entry : entries) {
                        folders.add(
                                new org.apache.flink.core.fs.Path(
                                        dir, entry.getFileName().toString()));
                    }
                }
            } else {
                FileStatus[] entries = fs.listStatus(dir);
                for (FileStatus entry : entries == null ? new FileStatus[0] : entries) {
                    if (entry.isDir()) {
                        folders.add(entry.getPath());
                    }
                }
            }
        } catch (FileNotFoundException | NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        return folders;
    }

    /** As {@link #latestUri}, for a local checkpoint directory (a path or a {@code file:} URI). */
    public static Optional<Path> latest(String checkpointUri) {
        Path root =
                checkpointUri.startsWith("file:")
                        ? Path.of(URI.create(checkpointUri))
                        : Path.of(checkpointUri);
        try {
            return latestUri(root.toUri().toString()).map(uri -> Path.of(URI.create(uri)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + root + " for checkpoints", e);
        }
    }
}
