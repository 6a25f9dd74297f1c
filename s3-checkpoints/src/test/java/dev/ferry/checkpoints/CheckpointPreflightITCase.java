package dev.ferry.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.runtime.cli.FerryCommand;
import dev.ferry.runtime.embedded.CheckpointStorageException;
import dev.ferry.runtime.embedded.EmbeddedOptions;
import dev.ferry.runtime.embedded.EmbeddedRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A checkpoint directory that cannot take checkpoints fails before the job starts, with a message
 * that names the setting to fix: a wrong bucket, refused or missing credentials, an unreachable
 * endpoint, no filesystem plugin; for {@code s3://} against s3proxy and for {@code gs://} as far as
 * it goes offline.
 */
class CheckpointPreflightITCase {
    private static final String BUCKET = "ferry-preflight";
    private static final Path PLUGINS = Path.of(System.getProperty("ferry.plugins.dir"));

    @TempDir static Path work;
    private static S3ProxyServer s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyServer(work);
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aReachableBucketPassesAndKeepsNoProbe() {
        EmbeddedRunner.prepareStorage(options("s3://" + BUCKET + "/ok", s3.settings()));
        assertThat(s3.list(BUCKET, "")).noneMatch(o -> o.key().contains(".ferry-preflight-"));
    }

    @Test
    void aMissingBucketNamesTheCheckpointDir() {
        assertThatThrownBy(
                        () ->
                                EmbeddedRunner.prepareStorage(
                                        options("s3://no-such-bucket/ferry", s3.settings())))
                .isInstanceOf(CheckpointStorageException.class)
                .hasMessageContaining("bucket 'no-such-bucket' does not exist")
                .hasMessageContaining("--checkpoint-dir");
    }

    @Test
    void refusedCredentialsNameTheKeys() {
        Map<String, String> settings = new HashMap<>(s3.settings());
        settings.put("s3.secret-key", "wrong-secret");
        assertThatThrownBy(
                        () ->
                                EmbeddedRunner.prepareStorage(
                                        options("s3://" + BUCKET + "/ferry", settings)))
                .isInstanceOf(CheckpointStorageException.class)
                .hasMessageContaining("refused the credentials")
                .hasMessageContaining("--s3-access-key");
    }

    @Test
    void missingCredentialsNameWhereTheyComeFrom() {
        Map<String, String> settings = new HashMap<>(s3.settings());
        settings.remove("s3.access-key");
        settings.remove("s3.secret-key");
        assertThatThrownBy(
                        () ->
                                EmbeddedRunner.prepareStorage(
                                        options("s3://" + BUCKET + "/ferry", settings)))
                .isInstanceOf(CheckpointStorageException.class)
                .hasMessageContaining("no AWS credentials found")
                .hasMessageContaining("--s3-access-key")
                .hasMessageContaining("--aws-profile");
    }

    @Test
    void anUnreachableEndpointNamesTheEndpointSetting() throws Exception {
        Map<String, String> settings = new HashMap<>(s3.settings());
        String closed = "http://127.0.0.1:" + S3ProxyServer.freePort();
        settings.put("s3.endpoint", closed);
        settings.put("s3.retry.limit", "0");
        assertThatThrownBy(
                        () ->
                                EmbeddedRunner.prepareStorage(
                                        options("s3://" + BUCKET + "/ferry", settings)))
                .isInstanceOf(CheckpointStorageException.class)
                .hasMessageContaining("cannot reach the S3 endpoint " + closed)
                .hasMessageContaining("--s3-endpoint");
    }

    @Test
    void anEndpointThatNeverAnswersInTimeNamesTheSettings() throws Exception {
        Map<String, String> settings = new HashMap<>(s3.settings());
        String closed = "http://127.0.0.1:" + S3ProxyServer.freePort();
        settings.put("s3.endpoint", closed);
        settings.put("ferry.preflight.timeout", "3 s");
        assertThatThrownBy(
                        () ->
                                EmbeddedRunner.prepareStorage(
                                        options("s3://" + BUCKET + "/ferry", settings)))
                .isInstanceOf(CheckpointStorageException.class)
                .hasMessageContaining("the S3 endpoint " + closed + " is unreachable")
                .hasMessageContaining("--s3-endpoint")
                .hasMessageContaining("no answer within 3 s (ferry.preflight.timeout)");
    }

    @Test
    void noPluginNamesThePluginsDir() throws Exception {
        Path empty = Files.createDirectories(work.resolve("no-plugins"));
        EmbeddedOptions options =
                new EmbeddedOptions(
                        "s3://" + BUCKET + "/ferry",
                        Duration.ofSeconds(1),
                        1,
                        null,
                        Duration.ofMillis(5),
                        s3.settings(),
                        empty,
                        true);
        assertThatThrownBy(() -> EmbeddedRunner.prepareStorage(options))
                .isInstanceOf(CheckpointStorageException.class)
                .hasMessageContaining("no filesystem for 's3://'")
                .hasMessageContaining("--plugins-dir");
    }

    @Test
    void ferryRunStopsBeforeTheJobWithTheMessageAndExitCode2() throws Exception {
        Path module = work.resolve("module.yaml");
        Files.writeString(
                module,
                String.join(
                        "\n",
                        "kind: io.statefun.endpoints.v2/http",
                        "spec:",
                        "  functions: test/*",
                        "  urlPathTemplate: http://127.0.0.1:1/{function.name}",
                        "---",
                        "kind: ferry.io.v1/generator",
                        "spec:",
                        "  id: test/numbers",
                        "  targets: [test/counter]",
                        "  valueType: io.statefun.types/long",
                        "  rate: 10",
                        "  count: 10",
                        "---",
                        "kind: ferry.io.v1/print",
                        "spec:",
                        "  id: test/out",
                        ""));
        StringWriter err = new StringWriter();
        CommandLine ferry = FerryCommand.commandLine();
        ferry.setErr(new PrintWriter(err));
        ferry.setOut(new PrintWriter(new StringWriter()));
        int exit =
                ferry.execute(
                        "run",
                        module.toString(),
                        "--checkpoint-dir",
                        "s3://no-such-bucket/ferry",
                        "--plugins-dir",
                        PLUGINS.toString(),
                        "--s3-endpoint",
                        s3.endpoint(),
                        "--s3-path-style",
                        "--s3-access-key",
                        S3ProxyServer.ACCESS_KEY,
                        "--s3-secret-key",
                        S3ProxyServer.SECRET_KEY);
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("ferry: checkpoint storage s3://no-such-bucket/ferry: ")
                .contains("bucket 'no-such-bucket' does not exist");
    }

    @Test
    void gcsUnreachableNamesTheRootUrl() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("gs.storage.root.url", "http://127.0.0.1:" + S3ProxyServer.freePort() + "/");
        settings.put("gs.auth.service.account.enable", "false");
        settings.put("gs.auth.null.enable", "true");
        settings.put("gs.project.id", "ferry-test");
        settings.put("gs.http.max.retry", "1");
        assertThatThrownBy(
                        () ->
                                EmbeddedRunner.prepareStorage(
                                        options("gs://ferry-checkpoints/ferry", settings)))
                .isInstanceOf(CheckpointStorageException.class)
                .hasMessageContaining("cannot reach Cloud Storage");
    }

    @Test
    void gcsWithoutCredentialsNamesWhereTheyComeFrom() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("gs.storage.root.url", "http://127.0.0.1:" + S3ProxyServer.freePort() + "/");
        settings.put("gs.project.id", "ferry-test");
        assertThatThrownBy(
                        () ->
                                EmbeddedRunner.prepareStorage(
                                        options("gs://ferry-checkpoints/ferry", settings)))
                .isInstanceOf(CheckpointStorageException.class)
                .hasMessageContaining("no Google credentials found")
                .hasMessageContaining("--gcs-credentials");
    }

    private static EmbeddedOptions options(String dir, Map<String, String> settings) {
        return new EmbeddedOptions(
                dir, Duration.ofSeconds(1), 1, null, Duration.ofMillis(5), settings, PLUGINS, true);
    }
}
