package dev.ferry.invokers.cloudfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Application default credentials on Google Cloud: no key, ID tokens from the machine's metadata
 * server. A local metadata server stands in for it ({@code GCE_METADATA_HOST}, read once by
 * google-auth-library, so the invoker runs in a child JVM with that environment).
 */
class MetadataServerITCase {
    private static final String ACCOUNT = "ferry-runtime@ferry-test.iam.gserviceaccount.com";

    @TempDir static Path home;
    private static final Vertx VERTX = Vertx.vertx();
    private static HttpServer metadata;
    private static GuardedFunctionServer functions;
    private static final Queue<String> audiences = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws Exception {
        metadata =
                VERTX.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                        .requestHandler(MetadataServerITCase::serveMetadata);
        metadata.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        ValueSpec<Integer> count = ValueSpec.named("count").withIntType();
        StatefulFunctions sdk = new StatefulFunctions();
        sdk.withStatefulFunction(
                StatefulFunctionSpec.builder(TypeName.typeNameOf("test", "counter"))
                        .withValueSpec(count)
                        .withSupplier(() -> (context, message) -> context.done()));
        functions = new GuardedFunctionServer(sdk);
    }

    @AfterAll
    static void stop() throws Exception {
        functions.close();
        VERTX.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void mintsTokensFromTheMetadataServerAndNamesItsAccount() throws Exception {
        String good = functions.url("/{function.name}");
        String wrongAudience = functions.url("/other/{function.name}");
        functions.expectAudience(functions.url("/counter"));

        List<String> lines = runProbe(good, wrongAudience);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("OK");
        assertThat(lines.get(1))
                .startsWith("FAILED")
                .contains("HTTP 401")
                .contains("service account " + ACCOUNT + " (metadata server)")
                .contains("audience " + functions.url("/other/counter"));
        assertThat(audiences)
                .containsExactly(functions.url("/counter"), functions.url("/other/counter"));
        assertThat(functions.tokens().get(0).getString("email")).isEqualTo(ACCOUNT);
    }

    private static List<String> runProbe(String... templates) throws Exception {
        Path out = home.resolve("probe.out");
        ProcessBuilder builder =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx256m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                MetadataServerProbe.class.getName())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile());
        builder.command().addAll(List.of(templates));
        var environment = builder.environment();
        environment.remove("GOOGLE_APPLICATION_CREDENTIALS");
        environment.put("GCE_METADATA_HOST", "127.0.0.1:" + metadata.actualPort());
        // No gcloud configuration of the machine may be picked up instead.
        environment.put("CLOUDSDK_CONFIG", home.resolve("gcloud").toString());
        environment.put("HOME", home.toString());
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe finished").isTrue();
        } finally {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(out);
        List<String> lines =
                output.lines().filter(l -> l.equals("OK") || l.startsWith("FAILED")).toList();
        assertThat(lines).as(output).isNotEmpty();
        return lines;
    }

    private static void serveMetadata(HttpServerRequest request) {
        var response = request.response().putHeader("Metadata-Flavor", "Google");
        if (!"Google".equals(request.getHeader("Metadata-Flavor"))) {
            response.setStatusCode(403).end("Missing Metadata-Flavor:Google header.");
            return;
        }
        String path = request.path();
        if (path.endsWith("/service-accounts/default/identity")) {
            String audience = request.getParam("audience");
            audiences.add(audience);
            response.putHeader("Content-Type", "text/html").end(idToken(audience));
        } else if (path.endsWith("/service-accounts/default/email")) {
            response.putHeader("Content-Type", "text/plain").end(ACCOUNT);
        } else if (path.endsWith("/service-accounts/")) {
            response.putHeader("Content-Type", "application/json")
                    .end(
                            new JsonObject()
                                    .put("default", new JsonObject().put("email", ACCOUNT))
                                    .encode());
        } else if (path.equals("/") || path.startsWith("/computeMetadata")) {
            response.end("computeMetadata/\n");
        } else {
            response.setStatusCode(404).end();
        }
    }

    private static String idToken(String audience) {
        long now = System.currentTimeMillis() / 1000;
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String payload =
                new JsonObject()
                        .put("iss", "https://accounts.google.com")
                        .put("aud", audience)
                        .put("email", ACCOUNT)
                        .put("iat", now)
                        .put("exp", now + 3600)
                        .encode();
        return encoder.encodeToString(
                        "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "."
                + encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "."
                + encoder.encodeToString("sig".getBytes(StandardCharsets.UTF_8));
    }
}
