package dev.ferry.runtime.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedCheckpointsTest {

    private static Path checkpoint(Path root, String job, int number, boolean complete, long second)
            throws IOException {
        Path dir = Files.createDirectories(root.resolve(job).resolve("chk-" + number));
        if (complete) {
            Path metadata = Files.writeString(dir.resolve("_metadata"), "x");
            Files.setLastModifiedTime(metadata, FileTime.from(Instant.ofEpochSecond(second)));
        }
        return dir;
    }

    @Test
    void theNewestCompleteCheckpointOfAnyJobWins(@TempDir Path root) throws IOException {
        checkpoint(root, "job-a", 3, true, 1_000);
        Path newest = checkpoint(root, "job-b", 7, true, 2_000);
        checkpoint(root, "job-b", 8, false, 0);
        Files.createDirectories(root.resolve("job-b").resolve("shared"));

        assertThat(RetainedCheckpoints.latest(root.toString())).contains(newest);
        assertThat(RetainedCheckpoints.latest(root.toUri().toString())).contains(newest);
    }

    @Test
    void withinOneSecondTheHigherNumberWins(@TempDir Path root) throws IOException {
        checkpoint(root, "job", 9, true, 5_000);
        Path higher = checkpoint(root, "job", 10, true, 5_000);

        assertThat(RetainedCheckpoints.latest(root.toString())).contains(higher);
    }

    @Test
    void nothingThereIsEmpty(@TempDir Path root) {
        assertThat(RetainedCheckpoints.latest(root.resolve("missing").toString())).isEmpty();
        assertThat(RetainedCheckpoints.latest(root.toString())).isEmpty();
    }

    /** A running job deletes subsumed checkpoints while the folder is searched. */
    @Test
    void foldersVanishingDuringTheSearchAreSkipped(@TempDir Path root) throws Exception {
        Path kept = checkpoint(root, "job", 1, true, 1_000);
        AtomicBoolean churn = new AtomicBoolean(true);
        Thread churner =
                new Thread(
                        () -> {
                            int number = 2;
                            while (churn.get()) {
                                try {
                                    Path dir = checkpoint(root, "job", number, true, 500);
                                    Path other = checkpoint(root, "gone-" + number, 1, true, 500);
                                    delete(dir);
                                    delete(other.getParent());
                                    number++;
                                } catch (IOException e) {
                                    throw new RuntimeException(e);
                                }
                            }
                        });
        churner.start();
        try {
            for (int i = 0; i < 2_000; i++) {
                assertThat(RetainedCheckpoints.latest(root.toString())).isPresent();
            }
        } finally {
            churn.set(false);
            churner.join();
        }
        assertThat(RetainedCheckpoints.latest(root.toString())).contains(kept);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
