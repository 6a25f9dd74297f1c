package dev.ferry.checkpoints;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * s3proxy in a child JVM on a free loopback port, keeping objects in memory or on disk, with AWS
 * v2/v4 signatures checked against one key pair; and an S3 client of the AWS SDK pointed at it.
 */
final class S3ProxyServer implements AutoCloseable {
    static final String ACCESS_KEY = "ferry-test-key";
    static final String SECRET_KEY = "ferry-test-secret";

    private final int port;
    private final List<String> command;
    private final Path log;
    private final S3Client client;
    private Process process;

    S3ProxyServer(Path workDir) throws Exception {
        this(workDir, false);
    }

    /**
     * @param onDisk keep the objects in files under {@code workDir} (so that they outlive {@link
     *     #stop()}) instead of in memory
     */
    S3ProxyServer(Path workDir, boolean onDisk) throws Exception {
        port = freePort();
        Path properties = workDir.resolve("s3proxy.properties");
        List<String> lines = new ArrayList<>();
        lines.add("s3proxy.endpoint=http://127.0.0.1:" + port);
        lines.add("s3proxy.authorization=aws-v2-or-v4");
        lines.add("s3proxy.identity=" + ACCESS_KEY);
        lines.add("s3proxy.credential=" + SECRET_KEY);
        if (onDisk) {
            Path objects = Files.createDirectories(workDir.resolve("s3proxy-objects"));
            lines.add("jclouds.provider=filesystem-nio2");
            lines.add("jclouds.filesystem.basedir=" + objects);
        } else {
            lines.add("jclouds.provider=transient-nio2");
        }
        lines.add("jclouds.identity=unused");
        lines.add("jclouds.credential=unused");
        lines.add("");
        Files.writeString(properties, String.join("\n", lines));
        log = workDir.resolve("s3proxy.log");
        command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.gaul.s3proxy.Main");
        command.add("--properties");
        command.add(properties.toString());
        launch();
        client =
                S3Client.builder()
                        .endpointOverride(URI.create(endpoint()))
                        .region(Region.US_EAST_1)
                        .forcePathStyle(true)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                        .build();
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** The filesystem settings that reach this server with its key pair. */
    Map<String, String> settings() {
        return Map.of(
                "s3.endpoint",
                endpoint(),
                "s3.path.style.access",
                "true",
                "s3.access-key",
                ACCESS_KEY,
                "s3.secret-key",
                SECRET_KEY);
    }

    void createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }

    /** Every object under a prefix, through the S3 API (ListObjectsV2, all pages). */
    List<S3Object> list(String bucket, String prefix) {
        return client
                .listObjectsV2Paginator(
                        ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
                .contents()
                .stream()
                .toList();
    }

    /**
     * Stops the server as an outage would (its port refuses connections); objects kept on disk
     * outlive it. Does nothing when it is stopped already.
     */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Starts a stopped server again on the same port, with the objects it kept on disk. */
    void startAgain() throws Exception {
        if (process != null) {
            throw new IllegalStateException("s3proxy on port " + port + " is running");
        }
        launch();
    }

    private void launch() throws Exception {
        process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        try {
            awaitPort();
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    private void awaitPort() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "s3proxy exited with "
                                + process.exitValue()
                                + ":\n"
                                + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(
                "s3proxy did not listen within 60 s:\n" + Files.readString(log));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        stop();
    }
}
