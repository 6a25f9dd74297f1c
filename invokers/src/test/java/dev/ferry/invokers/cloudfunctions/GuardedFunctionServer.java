package dev.ferry.invokers.cloudfunctions;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.handler.RequestReplyHandler;
import org.apache.flink.statefun.sdk.java.slice.Slices;

/**
 * Stands in for the front of Cloud Functions: a request needs a bearer ID token for the expected
 * audience that has not expired (else 401), then passes queued platform answers (429, 503, 500 "no
 * available instance") and finally reaches StateFun SDK functions.
 */
final class GuardedFunctionServer implements AutoCloseable {
    record Answer(int status, String body) {}

    private final Vertx vertx = Vertx.vertx();
    private final RequestReplyHandler handler;
    private final HttpServer server;
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final Queue<JsonObject> tokens = new ConcurrentLinkedQueue<>();
    private volatile String expectedAudience;

    GuardedFunctionServer(StatefulFunctions functions) throws Exception {
        this.handler = functions.requestReplyHandler();
        this.server =
                vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                        .requestHandler(this::serve);
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    void expectAudience(String audience) {
        this.expectedAudience = audience;
    }

    void enqueue(Answer... next) {
        answers.addAll(List.of(next));
    }

    /** Claims of every token presented, accepted or not. */
    List<JsonObject> tokens() {
        return List.copyOf(tokens);
    }

    void reset() {
        answers.clear();
        tokens.clear();
        expectedAudience = null;
    }

    private void serve(HttpServerRequest request) {
        request.body()
                .onSuccess(
                        body -> {
                            String authorization = request.getHeader("Authorization");
                            if (authorization == null || !authorization.startsWith("Bearer ")) {
                                request.response().setStatusCode(401).end("no bearer token");
                                return;
                            }
                            JsonObject claims = LocalTokenServer.claims(authorization.substring(7));
                            tokens.add(claims);
                            long now = System.currentTimeMillis() / 1000;
                            if (claims.getLong("exp") <= now
                                    || (expectedAudience != null
                                            && !expectedAudience.equals(claims.getString("aud")))) {
                                request.response()
                                        .setStatusCode(401)
                                        .end(
                                                "Your client does not have permission to the"
                                                        + " requested URL");
                                return;
                            }
                            Answer answer = answers.poll();
                            if (answer != null) {
                                request.response()
                                        .setStatusCode(answer.status())
                                        .end(answer.body());
                                return;
                            }
                            handler.handle(Slices.wrap(body.getBytes()))
                                    .whenComplete(
                                            (reply, error) -> {
                                                if (error != null) {
                                                    request.response()
                                                            .setStatusCode(500)
                                                            .end(String.valueOf(error));
                                                    return;
                                                }
                                                request.response()
                                                        .putHeader(
                                                                "Content-Type",
                                                                "application/octet-stream")
                                                        .end(Buffer.buffer(reply.toByteArray()));
                                            });
                        });
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
