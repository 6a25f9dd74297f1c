package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.runtime.config.FerryOptions;
import dev.ferry.runtime.embedded.CheckpointStorage;
import dev.ferry.runtime.embedded.EmbeddedOptions;
import dev.ferry.runtime.embedded.FlinkSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The checkpoint options of {@code ferry run} and the settings each one becomes. */
class CheckpointStorageOptionsTest {

    private static CheckpointStorageOptions parse(String... args) {
        CheckpointStorageOptions options = new CheckpointStorageOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void s3OptionsBecomeThePluginSettings() {
        assertThat(
                        parse(
                                        "--s3-endpoint",
                                        "http://127.0.0.1:9000",
                                        "--s3-region",
                                        "eu-west-1",
                                        "--s3-path-style",
                                        "--s3-access-key",
                                        "AK",
                                        "--s3-secret-key",
                                        "SK",
                                        "--entropy-key",
                                        "_entropy_",
                                        "--entropy-length",
                                        "4")
                                .settings())
                .containsEntry("s3.endpoint", "http://127.0.0.1:9000")
                .containsEntry("s3.endpoint.region", "eu-west-1")
                .containsEntry("s3.path.style.access", "true")
                .containsEntry("s3.access-key", "AK")
                .containsEntry("s3.secret-key", "SK")
                .containsEntry("s3.entropy.key", "_entropy_")
                .containsEntry("s3.entropy.length", "4");
    }

    @Test
    void checkpointingOptionsBecomeFlinkSettings() {
        assertThat(
                        parse(
                                        "--checkpoint-timeout", "2 min",
                                        "--min-pause", "500ms",
                                        "--incremental", "false",
                                        "--changelog", "true",
                                        "--retain-on-cancel", "false",
                                        "--retained-checkpoints", "3")
                                .settings())
                .containsEntry("execution.checkpointing.timeout", "2 min")
                .containsEntry("execution.checkpointing.min-pause", "500ms")
                .containsEntry("execution.checkpointing.incremental", "false")
                .containsEntry("state.changelog.enabled", "true")
                .containsEntry(
                        "execution.checkpointing.externalized-checkpoint-retention",
                        "DELETE_ON_CANCELLATION")
                .containsEntry("execution.checkpointing.num-retained", "3");
    }

    @Test
    void theOptionsWinOverFerrysDefaults() {
        EmbeddedOptions defaults = EmbeddedOptions.defaults();
        Configuration conf =
                FlinkSettings.of(
                        new EmbeddedOptions(
                                defaults.checkpointDir(),
                                defaults.checkpointInterval(),
                                1,
                                null,
                                defaults.bufferTimeout(),
                                parse("--incremental", "false", "--retain-on-cancel", "false")
                                        .settings()),
                        null);
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isFalse();
        assertThat(conf.toMap())
                .containsEntry(
                        "execution.checkpointing.externalized-checkpoint-retention",
                        "DELETE_ON_CANCELLATION");
    }

    @Test
    void nothingGivenSetsNothing() {
        assertThat(parse().settings()).isEmpty();
    }

    @Test
    void aProfileUsesTheProfileProvider() {
        assertThat(parse("--aws-profile", "ferry").settings())
                .containsEntry(
                        "s3.aws.credentials.provider", CheckpointStorage.AWS_PROFILE_PROVIDER);
    }

    @Test
    void aGcsKeyFileIsUsedForTheServiceAccount(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("key.json"), "{}");
        assertThat(parse("--gcs-credentials", key.toString(), "--gcs-project", "p").settings())
                .containsEntry("gs.auth.service.account.enable", "true")
                .containsEntry("gs.auth.service.account.json.keyfile", key.toString())
                .containsEntry("gs.project.id", "p");
    }

    @Test
    void halfAKeyPairOrABadDurationIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> parse("--s3-access-key", "AK").settings())
                .hasMessageContaining("--s3-secret-key");
        assertThatThrownBy(() -> parse("--min-pause", "soon").settings())
                .hasMessageContaining("--min-pause 'soon'");
        assertThatThrownBy(() -> parse("--gcs-credentials", "/no/such/key.json").settings())
                .hasMessageContaining("--gcs-credentials");
    }

    @Test
    void withoutKeysS3UsesTheDefaultChainAndFewerAttempts() {
        Configuration conf = new Configuration();
        CheckpointStorage.completeSettings(conf);
        assertThat(conf.toMap())
                .containsEntry(
                        "s3.aws.credentials.provider",
                        FerryOptions.S3_CREDENTIALS_PROVIDER.defaultValue())
                .containsEntry("s3.attempts.maximum", "5");

        Configuration keys = new Configuration();
        keys.setString("s3.access-key", "AK");
        keys.setString("fs.s3a.attempts.maximum", "10");
        CheckpointStorage.completeSettings(keys);
        assertThat(keys.toMap())
                .doesNotContainKey("s3.aws.credentials.provider")
                .doesNotContainKey("s3.attempts.maximum");
    }
}
