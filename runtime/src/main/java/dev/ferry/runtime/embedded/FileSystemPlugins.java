package dev.ferry.runtime.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads Flink filesystems ({@code s3://}, {@code gs://}) from a plugins folder into this JVM, the
 * way a Flink cluster does: each {@code <plugins>/<name>/} holds the jars of one filesystem, loaded
 * in its own class loader, so the Hadoop and cloud client libraries never reach the runtime's class
 * path. The filesystem settings ({@code s3.*}, {@code gs.*}, {@code fs.s3a.*}) are read here, when
 * the filesystems are created, not from the job configuration.
 *
 * <p>The folder is, in this order: {@code --plugins-dir}, the {@code FERRY_PLUGINS_DIR} environment
 * variable, Flink's {@code FLINK_PLUGINS_DIR}, {@code ./plugins}. The {@code ./ferry} launcher sets
 * {@code FERRY_PLUGINS_DIR} to the folder the {@code s3-checkpoints} module builds.
 */
public final class FileSystemPlugins {
    private static final Logger LOG = LoggerFactory.getLogger(FileSystemPlugins.class);

    /** The environment variable naming the plugins folder. */
    public static final String ENV = "FERRY_PLUGINS_DIR";

    /** The settings that shape filesystems; others (REST port, intervals) need no new ones. */
    private static final List<String> FILESYSTEM_PREFIXES =
            List.of("fs.", "s3.", "s3a.", "gs.", "presto.", "plugin.", "classloader.");

    private static final String QUIET_SDK_V1 = "aws.java.v1.disableDeprecationAnnouncement";

    private static Object initializedWith;

    private FileSystemPlugins() {}

    /** The plugins folder to use, if any exists. */
    public static Optional<Path> folder(Path explicit) {
        if (explicit != null) {
            if (!Files.isDirectory(explicit)) {
                throw new IllegalArgumentException(
                        "--plugins-dir " + explicit + " is not a folder");
            }
            return Optional.of(explicit);
        }
        for (String variable : List.of(ENV, "FLINK_PLUGINS_DIR")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                Path path = Path.of(value);
                if (!Files.isDirectory(path)) {
                    throw new IllegalArgumentException(
                            variable + "=" + value + " is not a folder (or set --plugins-dir)");
                }
                return Optional.of(path);
            }
        }
        Path local = Path.of("plugins");
        return Files.isDirectory(local) ? Optional.of(local) : Optional.empty();
    }

    /** The plugin names (sub-folders) under a plugins folder. */
    public static List<String> names(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugins in " + folder, e);
        }
    }

    /**
     * (Re)initializes Flink's filesystems with the given settings and the plugins in {@code folder}
     * (none when empty). Repeated calls with the same folder and settings do nothing.
     */
    public static synchronized void initialize(Configuration conf, Optional<Path> folder) {
        Map<String, String> filesystemSettings = new TreeMap<>();
        conf.toMap()
                .forEach(
                        (key, value) -> {
                            if (FILESYSTEM_PREFIXES.stream().anyMatch(key::startsWith)) {
                                filesystemSettings.put(key, value);
                            }
                        });
        Object key = List.of(folder.map(p -> p.toAbsolutePath().normalize()), filesystemSettings);
        if (Objects.equals(key, initializedWith)) {
            return;
        }
        PluginManager plugins = null;
        if (folder.isPresent()) {
            try {
                plugins =
                        new DefaultPluginManager(
                                new DirectoryBasedPluginFinder(folder.get()).findPlugins(),
                                CoreOptions.getPluginParentFirstLoaderPatterns(conf));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read plugins in " + folder.get(), e);
            }
            LOG.info("Filesystem plugins from {}: {}", folder.get(), names(folder.get()));
        }
        // The S3 plugin's AWS SDK 1.x prints a stack trace to announce its end of support; the
        // plugin is Flink's, so there is nothing a Ferry user could do about it.
        if (System.getProperty(QUIET_SDK_V1) == null) {
            System.setProperty(QUIET_SDK_V1, "true");
        }
        FileSystem.initialize(conf, plugins);
        initializedWith = key;
    }
}
