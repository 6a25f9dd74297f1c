package dev.ferry.runtime.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --restore PATH}: a checkpoint or savepoint is taken, anything else told what to pass. */
class RestorePathTest {

    private static String restorePath(Path checkpointDir, String restore) throws Exception {
        return EmbeddedRunner.restorePath(
                new EmbeddedOptions(
                        checkpointDir.toString(),
                        Duration.ofSeconds(1),
                        1,
                        restore,
                        Duration.ofMillis(5),
                        Map.of(),
                        null,
                        false));
    }

    @Test
    void aCheckpointFolderOrItsMetadataFileIsTakenAsItIs(@TempDir Path dir) throws Exception {
        Path checkpoint = Files.createDirectories(dir.resolve("job").resolve("chk-7"));
        Path metadata = Files.writeString(checkpoint.resolve("_metadata"), "x");

        assertThat(restorePath(dir, checkpoint.toString())).isEqualTo(checkpoint.toString());
        assertThat(restorePath(dir, metadata.toString())).isEqualTo(metadata.toString());
    }

    @Test
    void theCheckpointDirectoryItselfIsRefusedNamingItsNewestCheckpoint(@TempDir Path dir)
            throws Exception {
        Path checkpoint = Files.createDirectories(dir.resolve("job").resolve("chk-7"));
        Files.writeString(checkpoint.resolve("_metadata"), "x");

        assertThatThrownBy(() -> restorePath(dir, dir.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--restore " + dir + ": not a checkpoint or savepoint")
                .hasMessageContaining(
                        "; the newest complete checkpoint under it is file:" + checkpoint + ": ")
                .hasMessageEndingWith("or --restore latest with --checkpoint-dir " + dir);
    }

    @Test
    void aFolderWithoutCheckpointsOrAMissingPathIsRefused(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> restorePath(dir, dir.toString()))
                .hasMessage(
                        "--restore "
                                + dir
                                + ": not a checkpoint or savepoint (a chk-N or savepoint folder"
                                + " holds a _metadata file)");
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> restorePath(dir, missing.toString()))
                .hasMessage("--restore " + missing + ": there is no such file or folder");
    }
}
