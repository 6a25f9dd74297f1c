package dev.ferry.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the Flink application jar ({@code ferry-runtime-VERSION-flink.jar}, built in {@code
 * package}, hence an integration test) holds: none of what a cluster's lib/ provides, no logging
 * binding, the libraries that could clash only under {@code dev/ferry/shaded/}, and what the job
 * needs at run time.
 */
class FlinkApplicationJarITCase {
    /** Packages of Flink itself (flink-dist); the connectors' packages are allowed. */
    private static final List<String> FLINK_RUNTIME =
            List.of(
                    "org/apache/flink/runtime/",
                    "org/apache/flink/streaming/api/",
                    "org/apache/flink/streaming/runtime/",
                    "org/apache/flink/api/common/",
                    "org/apache/flink/api/java/",
                    "org/apache/flink/configuration/",
                    "org/apache/flink/core/",
                    "org/apache/flink/util/",
                    "org/apache/flink/contrib/streaming/state/",
                    "org/apache/flink/shaded/",
                    "org/rocksdb/",
                    "com/esotericsoftware/kryo/");

    /** Logging APIs and bindings: the cluster brings its own. */
    private static final List<String> LOGGING =
            List.of(
                    "org/slf4j/",
                    "org/apache/logging/log4j/",
                    "org/apache/logging/slf4j/",
                    "org/apache/log4j/",
                    "ch/qos/logback/",
                    "META-INF/services/org.slf4j.spi.SLF4JServiceProvider",
                    "log4j2.properties",
                    "log4j2.xml",
                    "logback.xml");

    /** Relocated to dev/ferry/shaded/ (runtime/README.md says why). */
    private static final List<String> RELOCATED =
            List.of(
                    "com/google/protobuf/",
                    "com/google/common/",
                    "com/google/thirdparty/",
                    "com/fasterxml/jackson/",
                    "io/netty/",
                    "org/snakeyaml/engine/");

    /** A versioned entry of a multi-release jar names its class after the version folder. */
    private static final Pattern VERSIONED = Pattern.compile("^META-INF/versions/\\d+/(.*)$");

    private static Path jar;
    private static List<String> entries;

    @BeforeAll
    static void read() throws IOException {
        jar = Path.of(System.getProperty("ferry.test.flink-jar"));
        assertThat(jar).as("the application jar built by package").isRegularFile();
        try (JarFile file = new JarFile(jar.toFile())) {
            entries =
                    file.stream()
                            .map(ZipEntry::getName)
                            .map(FlinkApplicationJarITCase::unversioned)
                            .toList();
        }
        System.out.printf(
                "%s: %,d bytes, %,d entries%n", jar.getFileName(), Files.size(jar), entries.size());
    }

    @Test
    void holdsNoneOfFlinksOwnClasses() {
        assertThat(entries).filteredOn(e -> startsWithAny(e, FLINK_RUNTIME)).isEmpty();
    }

    @Test
    void holdsNoLoggingApiOrBinding() {
        assertThat(entries).filteredOn(e -> startsWithAny(e, LOGGING)).isEmpty();
    }

    @Test
    void holdsTheClashingLibrariesOnlyRelocated() {
        assertThat(entries).filteredOn(e -> startsWithAny(e, RELOCATED)).isEmpty();
        for (String prefix : RELOCATED) {
            assertThat(entries)
                    .as("relocated " + prefix)
                    .anyMatch(e -> e.startsWith("dev/ferry/shaded/" + prefix));
        }
    }

    @Test
    void holdsWhatTheJobNeedsAndNotTheCommandLine() {
        assertThat(entries)
                .contains(
                        "dev/ferry/runtime/FerryJob.class",
                        "dev/ferry/invokers/http/HttpInvoker.class",
                        "io/vertx/core/Vertx.class",
                        "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                        "org/apache/flink/connector/base/DeliveryGuarantee.class",
                        "org/apache/kafka/clients/producer/KafkaProducer.class",
                        "org/apache/flink/streaming/connectors/kinesis/FlinkKinesisConsumer.class",
                        "software/amazon/awssdk/services/lambda/LambdaAsyncClient.class")
                .noneMatch(e -> e.startsWith("picocli/"))
                .noneMatch(e -> e.startsWith("dev/ferry/runtime/cli/"))
                .noneMatch(e -> e.startsWith("kafka/server/"))
                .noneMatch(e -> e.startsWith("scala/"))
                // ferry run's Prometheus reporter: a cluster loads its own as a plugin.
                .noneMatch(e -> e.startsWith("org/apache/flink/metrics/prometheus/"))
                .noneMatch(e -> e.startsWith("io/prometheus/"))
                // ferry run's dashboard (flink-runtime-web): a cluster has its own.
                .noneMatch(e -> e.startsWith("web/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/runtime/webmonitor/handlers/"))
                .noneMatch(
                        e -> e.endsWith("org.apache.flink.metrics.reporter.MetricReporterFactory"));
    }

    @Test
    void mergesServiceFilesAndNamesTheJobAsMainClass() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            assertThat(manifest.getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.ferry.runtime.FerryJob");
            // The SDK's HTTP clients are found through a merged service file.
            String services =
                    new String(
                            file.getInputStream(
                                            file.getEntry(
                                                    "META-INF/services/software.amazon.awssdk.http.async.SdkAsyncHttpService"))
                                    .readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8);
            assertThat(services)
                    .contains("software.amazon.awssdk.http.nio.netty.NettySdkAsyncHttpService");
        }
    }

    private static String unversioned(String entry) {
        Matcher versioned = VERSIONED.matcher(entry);
        return versioned.matches() ? versioned.group(1) : entry;
    }

    private static boolean startsWithAny(String entry, List<String> prefixes) {
        return prefixes.stream().anyMatch(entry::startsWith);
    }
}
