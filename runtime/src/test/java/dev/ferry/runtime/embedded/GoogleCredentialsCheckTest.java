package dev.ferry.runtime.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GoogleCredentialsCheckTest {
    private static final String URI = "gs://ferry-checkpoints/app";

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A server on loopback that answers every request with {@code status}. */
    private String serve(int status, boolean google) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    if (google) {
                        exchange.getResponseHeaders().add("Metadata-Flavor", "Google");
                    }
                    exchange.sendResponseHeaders(status, -1);
                    exchange.close();
                });
        server.start();
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private static String closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void aKeyFileAnAuthModeOrTheEnvironmentCountAsConfigured() {
        Configuration keyFile = new Configuration();
        keyFile.setString("gs.auth.service.account.json.keyfile", "/keys/ferry.json");
        Configuration nullAuth = new Configuration();
        nullAuth.setString("fs.gs.auth.null.enable", "true");

        assertThat(GoogleCredentialsCheck.configured(keyFile, Map.of())).isTrue();
        assertThat(GoogleCredentialsCheck.configured(nullAuth, Map.of())).isTrue();
        assertThat(
                        GoogleCredentialsCheck.configured(
                                new Configuration(),
                                Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/keys/ferry.json")))
                .isTrue();
        Configuration projectOnly = new Configuration();
        projectOnly.setString("gs.project.id", "ferry");
        assertThat(GoogleCredentialsCheck.configured(projectOnly, Map.of())).isFalse();
    }

    @Test
    void googlesMetadataServerIsRecognisedByItsHeader() throws IOException {
        assertThat(
                        GoogleCredentialsCheck.askMetadataServer(
                                serve(200, true), Duration.ofSeconds(2)))
                .isNull();
    }

    @Test
    void anotherServerAtThatAddressIsNotTakenForIt() throws IOException {
        assertThat(
                        GoogleCredentialsCheck.askMetadataServer(
                                serve(403, false), Duration.ofSeconds(2)))
                .isEqualTo("HTTP 403 without the header Metadata-Flavor: Google");
    }

    @Test
    void withoutCredentialsAndOffGoogleCloudThePreflightSaysWhatToGive() throws IOException {
        String host = closedPort();
        long started = System.nanoTime();

        assertThatThrownBy(
                        () ->
                                GoogleCredentialsCheck.require(
                                        URI,
                                        new Configuration(),
                                        Map.of("GCE_METADATA_HOST", host)))
                .isInstanceOf(CheckpointStorageException.class)
                .hasMessageStartingWith(
                        "checkpoint storage " + URI + ": no Google credentials found")
                .hasMessageContaining("--gcs-credentials")
                .hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS")
                .hasMessageContaining("no metadata server at " + host);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(GoogleCredentialsCheck.METADATA_TIMEOUT.plusSeconds(5));
    }

    @Test
    void onGoogleCloudTheConnectorIsLeftToFetchTheToken() throws IOException {
        String host = serve(200, true);

        GoogleCredentialsCheck.require(URI, new Configuration(), Map.of("GCE_METADATA_HOST", host));
    }
}
