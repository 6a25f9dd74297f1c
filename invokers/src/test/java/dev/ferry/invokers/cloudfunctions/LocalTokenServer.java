package dev.ferry.invokers.cloudfunctions;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Google OAuth token endpoint on 127.0.0.1 for offline tests: it takes the signed JWT assertion a
 * service account sends, and answers with an ID token (an unsigned-looking JWT with {@code aud} =
 * the requested {@code target_audience}, {@code email}, {@code iat}, {@code exp}). Also writes a
 * service-account key file (a freshly generated RSA key) whose {@code token_uri} points here.
 */
public final class LocalTokenServer implements AutoCloseable {
    public static final String CLIENT_EMAIL = "ferry-runtime@ferry-test.iam.gserviceaccount.com";

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Queue<String> audiences = new ConcurrentLinkedQueue<>();
    private volatile long lifetimeSeconds = 3600;
    private volatile int refuseWith;

    public LocalTokenServer() throws Exception {
        this.server =
                vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                        .requestHandler(this::serve);
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public String tokenUri() {
        return "http://127.0.0.1:" + server.actualPort() + "/token";
    }

    /** The audiences of the tokens issued so far, in order. */
    public List<String> audiences() {
        return List.copyOf(audiences);
    }

    public void reset() {
        audiences.clear();
        lifetimeSeconds = 3600;
        refuseWith = 0;
    }

    /** How long the tokens issued from now on are valid. */
    public void lifetimeSeconds(long seconds) {
        this.lifetimeSeconds = seconds;
    }

    /** Answer token requests with this status (0: issue tokens). */
    public void refuseWith(int status) {
        this.refuseWith = status;
    }

    /** Writes a service-account key file whose token endpoint is this server. */
    public Path writeKeyFile(Path directory) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String pem =
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(pair.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n";
        JsonObject key =
                new JsonObject()
                        .put("type", "service_account")
                        .put("project_id", "ferry-test")
                        .put("private_key_id", "local-1")
                        .put("private_key", pem)
                        .put("client_email", CLIENT_EMAIL)
                        .put("client_id", "1234567890")
                        .put("token_uri", tokenUri());
        Path file = directory.resolve("service-account.json");
        Files.writeString(file, key.encodePrettily());
        return file;
    }

    /** The claims of a JWT, without checking its signature. */
    public static JsonObject claims(String jwt) {
        String[] parts = jwt.split("\\.");
        return new JsonObject(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private void serve(HttpServerRequest request) {
        request.body()
                .onSuccess(
                        body -> {
                            if (refuseWith != 0) {
                                request.response()
                                        .setStatusCode(refuseWith)
                                        .putHeader("Content-Type", "application/json")
                                        .end(
                                                "{\"error\":\"invalid_grant\","
                                                        + "\"error_description\":\"refused by the test\"}");
                                return;
                            }
                            String assertion = formValue(body.toString(), "assertion");
                            String audience =
                                    assertion == null
                                            ? null
                                            : claims(assertion).getString("target_audience");
                            if (audience == null) {
                                request.response().setStatusCode(400).end("no target_audience");
                                return;
                            }
                            audiences.add(audience);
                            request.response()
                                    .putHeader("Content-Type", "application/json")
                                    .end(
                                            new JsonObject()
                                                    .put("id_token", idToken(audience))
                                                    .encode());
                        });
    }

    private String idToken(String audience) {
        long now = System.currentTimeMillis() / 1000;
        JsonObject payload =
                new JsonObject()
                        .put("iss", "https://accounts.google.com")
                        .put("aud", audience)
                        .put("email", CLIENT_EMAIL)
                        .put("sub", "1234567890")
                        .put("iat", now)
                        .put("exp", now + lifetimeSeconds);
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString(
                        "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "."
                + encoder.encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8))
                + "."
                + encoder.encodeToString("not-signed".getBytes(StandardCharsets.UTF_8));
    }

    private static String formValue(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
