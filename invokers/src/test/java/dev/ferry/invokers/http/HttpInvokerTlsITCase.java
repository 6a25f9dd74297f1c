package dev.ferry.invokers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.invokers.InvocationFailedException;
import dev.ferry.invokers.RetryPolicy;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP invoker against HTTPS servers whose certificates come from a CA made by the test. */
class HttpInvokerTlsITCase {
    /**
     * The deadline of invocations that must succeed: generous, since it only bounds a failing run,
     * and a loaded machine's first TLS handshake of a JVM (class loading, key decryption) has been
     * seen to take over 10 s.
     */
    private static final int SUCCESS_DEADLINE_SECONDS = 60;

    @TempDir static Path dir;

    private static Vertx vertx;
    private static final Queue<HttpVersion> seen = new ConcurrentLinkedQueue<>();
    private HttpServer server;
    private HttpInvoker invoker;

    @BeforeAll
    static void makeCertificates() throws Exception {
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.crt",
                "-subj",
                "/CN=ferry-test-ca",
                "-days",
                "2");
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1\n");
        for (String name : List.of("server", "client", "other")) {
            openssl(
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    name + ".key",
                    "-out",
                    name + ".csr",
                    "-subj",
                    "/CN=127.0.0.1");
        }
        openssl(
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.crt",
                "-days",
                "2",
                "-extfile",
                "san.cnf");
        openssl(
                "x509",
                "-req",
                "-in",
                "client.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "client.crt",
                "-days",
                "2");
        openssl(
                "pkcs8",
                "-topk8",
                "-in",
                "client.key",
                "-out",
                "client-enc.key",
                "-v2",
                "aes-256-cbc",
                "-passout",
                "pass:s3cret");
        Files.writeString(dir.resolve("password.txt"), "s3cret\n");
        // StateFun's own test client key is encrypted this way (PBES1).
        Openssl.encryptKey(
                dir, "client.key", "client-pbes1.key", "s3cret", "-v1", "PBE-SHA1-RC4-128");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().await();
    }

    @AfterEach
    void stop() {
        if (invoker != null) {
            invoker.close();
        }
        if (server != null) {
            server.close().await();
        }
        seen.clear();
    }

    @Test
    void trustsTheTestCaAndNegotiatesHttp2() throws Exception {
        start(false);
        connect(SUCCESS_DEADLINE_SECONDS, path("ca.crt"), null, null, null);
        assertThat(
                        invoker.invoke(request())
                                .get(SUCCESS_DEADLINE_SECONDS, TimeUnit.SECONDS)
                                .hasInvocationResult())
                .isTrue();
        assertThat(seen).containsOnly(HttpVersion.HTTP_2);
    }

    @Test
    void presentsAClientCertificateForMutualTls() throws Exception {
        start(true);
        connect(
                SUCCESS_DEADLINE_SECONDS,
                path("ca.crt"),
                path("client.crt"),
                path("client.key"),
                null);
        assertThat(
                        invoker.invoke(request())
                                .get(SUCCESS_DEADLINE_SECONDS, TimeUnit.SECONDS)
                                .hasInvocationResult())
                .isTrue();
    }

    @Test
    void decryptsAClientKeyWithThePasswordFile() throws Exception {
        start(true);
        connect(
                SUCCESS_DEADLINE_SECONDS,
                path("ca.crt"),
                path("client.crt"),
                path("client-enc.key"),
                path("password.txt"));
        assertThat(
                        invoker.invoke(request())
                                .get(SUCCESS_DEADLINE_SECONDS, TimeUnit.SECONDS)
                                .hasInvocationResult())
                .isTrue();
    }

    @Test
    void completesMutualTlsWithFileUrlsAndAPbes1KeyAsStateFunModulesWriteThem() throws Exception {
        start(true);
        connect(
                SUCCESS_DEADLINE_SECONDS,
                fileUrl("ca.crt"),
                fileUrl("client.crt"),
                fileUrl("client-pbes1.key"),
                path("password.txt"));
        assertThat(
                        invoker.invoke(request())
                                .get(SUCCESS_DEADLINE_SECONDS, TimeUnit.SECONDS)
                                .hasInvocationResult())
                .isTrue();
        assertThat(seen).hasSize(1);
    }

    @Test
    void failsWithoutAClientCertificateWhenTheServerRequiresOne() {
        start(true);
        connect(2, path("ca.crt"), null, null, null);
        assertThat(failure(invoker).getMessage()).contains("127.0.0.1");
        assertThat(seen).isEmpty();
    }

    @Test
    void failsWhenTheCaIsNotTrusted() {
        start(false);
        invoker = HttpInvoker.create(config(Duration.ofSeconds(2)));
        InvocationFailedException failure = failure(invoker);
        assertThat(failure.getMessage()).containsIgnoringCase("last failure");
        assertThat(seen).isEmpty();
    }

    @Test
    void aClientCertWithoutKeyIsRefused() {
        assertThatThrownBy(
                        () ->
                                new HttpEndpointConfig.TlsConfig(
                                        null, path("client.crt"), null, null))
                .hasMessageContaining("clientCert and clientKey");
    }

    /** An invoker with this TLS material and deadline, remembered for closing after the test. */
    private void connect(int deadlineSeconds, String ca, String cert, String key, String password) {
        invoker =
                HttpInvoker.create(
                        config(Duration.ofSeconds(deadlineSeconds))
                                .withTls(
                                        new HttpEndpointConfig.TlsConfig(ca, cert, key, password)));
    }

    private static InvocationFailedException failure(HttpInvoker invoker) {
        try {
            invoker.invoke(request()).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(InvocationFailedException.class);
            return (InvocationFailedException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the invocation succeeded");
    }

    private void start(boolean requireClientCert) {
        HttpServerOptions options =
                new HttpServerOptions()
                        .setSsl(true)
                        .setUseAlpn(true)
                        .setKeyCertOptions(
                                new PemKeyCertOptions()
                                        .setCertPath(path("server.crt"))
                                        .setKeyPath(path("server.key")));
        if (requireClientCert) {
            options.setClientAuth(ClientAuth.REQUIRED)
                    .setTrustOptions(new PemTrustOptions().addCertPath(path("ca.crt")));
        }
        byte[] reply =
                FromFunction.newBuilder()
                        .setInvocationResult(FromFunction.InvocationResponse.getDefaultInstance())
                        .build()
                        .toByteArray();
        server =
                vertx.createHttpServer(options)
                        .requestHandler(
                                request -> {
                                    seen.add(request.version());
                                    request.body()
                                            .onSuccess(
                                                    body ->
                                                            request.response()
                                                                    .putHeader(
                                                                            "Content-Type",
                                                                            "application/octet-stream")
                                                                    .end(Buffer.buffer(reply)));
                                })
                        .listen(0, "127.0.0.1")
                        .await();
    }

    private HttpEndpointConfig config(Duration deadline) {
        return HttpEndpointConfig.of(
                        "https://127.0.0.1:" + server.actualPort() + "/{function.name}")
                .withRetry(
                        new RetryPolicy(
                                Duration.ofMillis(20),
                                Duration.ofMillis(200),
                                2.0,
                                0.1,
                                0,
                                deadline,
                                RetryPolicy.DEFAULT_RETRYABLE_STATUSES));
    }

    private static ToFunction request() {
        return ToFunction.newBuilder()
                .setInvocation(
                        ToFunction.InvocationBatchRequest.newBuilder()
                                .setTarget(FunctionAddress.of("test", "tls", "a").toProto())
                                .addInvocations(ToFunction.Invocation.getDefaultInstance()))
                .build();
    }

    private static String fileUrl(String name) {
        return "file:" + dir.resolve(name).toAbsolutePath();
    }

    private static String path(String name) {
        return dir.resolve(name).toString();
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        Openssl.run(dir, args);
    }
}
