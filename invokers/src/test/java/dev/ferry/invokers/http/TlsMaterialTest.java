package dev.ferry.invokers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.invokers.http.HttpEndpointConfig.TlsConfig;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading and checking TLS material made by {@code openssl}: every location form, every PKCS#8
 * encryption scheme the JDK offers, and a clear problem for each way the material can be wrong.
 */
class TlsMaterialTest {
    @TempDir static Path dir;

    /** The scheme arguments of {@code openssl pkcs8 -topk8} for each key file made below. */
    private static final List<List<String>> SCHEMES =
            List.of(
                    List.of("-v1", "PBE-SHA1-RC4-128"),
                    List.of("-v1", "PBE-SHA1-3DES"),
                    List.of("-v1", "PBE-MD5-DES"),
                    List.of("-v2", "aes-256-cbc"),
                    List.of("-v2", "aes-128-cbc", "-v2prf", "hmacWithSHA1"));

    private static String plainKeyPem;

    @BeforeAll
    static void makeMaterial() throws Exception {
        Openssl.run(
                dir,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "client.key",
                "-out",
                "client.crt",
                "-subj",
                "/CN=ferry-test-client",
                "-days",
                "2");
        plainKeyPem = Files.readString(dir.resolve("client.key"));
        for (int i = 0; i < SCHEMES.size(); i++) {
            Openssl.encryptKey(
                    dir,
                    "client.key",
                    "client-" + i + ".key",
                    "s3cret",
                    SCHEMES.get(i).toArray(String[]::new));
        }
        // PBES2 with 3DES parses in openssl but not in the JDK.
        Openssl.encryptKey(dir, "client.key", "client-des3.key", "s3cret", "-v2", "des3");
        Files.writeString(dir.resolve("password.txt"), "s3cret\n");
        Files.writeString(dir.resolve("wrong-password.txt"), "not-it\n");
        Files.writeString(dir.resolve("not-a-cert.pem"), "hello\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void decryptsKeysOfEveryPkcs8SchemeTheJdkOffers(int scheme) {
        String encrypted = path("client-" + scheme + ".key");
        TlsMaterial material =
                TlsMaterial.load(
                        new TlsConfig(null, path("client.crt"), encrypted, path("password.txt")));
        assertThat(new String(material.clientKey(), StandardCharsets.US_ASCII))
                .as("the key encrypted with %s", SCHEMES.get(scheme))
                .isEqualToIgnoringNewLines(plainKeyPem);
    }

    @Test
    void readsPlainPathsFileUrlsAndClassPathResources() throws Exception {
        String certificate = Files.readString(dir.resolve("client.crt"));
        for (String location :
                List.of(
                        path("client.crt"),
                        "file:" + path("client.crt"),
                        dir.resolve("client.crt").toUri().toString())) {
            TlsMaterial material = TlsMaterial.load(new TlsConfig(location, null, null, null));
            assertThat(new String(material.trustedCertificates(), StandardCharsets.US_ASCII))
                    .as(location)
                    .isEqualTo(certificate);
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            Thread.currentThread().setContextClassLoader(loader);
            TlsMaterial material =
                    TlsMaterial.load(
                            new TlsConfig(
                                    "classpath:client.crt",
                                    "classpath:client.crt",
                                    "classpath:client-0.key",
                                    "classpath:password.txt"));
            assertThat(new String(material.clientKey(), StandardCharsets.US_ASCII))
                    .isEqualToIgnoringNewLines(plainKeyPem);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void anUnencryptedKeyIsUsedAsItIs() {
        TlsMaterial material =
                TlsMaterial.load(new TlsConfig(null, path("client.crt"), path("client.key"), null));
        assertThat(new String(material.clientKey(), StandardCharsets.US_ASCII))
                .isEqualTo(plainKeyPem);
    }

    @Test
    void aWrongPasswordIsNamedWithBothFiles() {
        List<TlsMaterial.Problem> problems =
                TlsMaterial.check(
                        new TlsConfig(
                                null,
                                path("client.crt"),
                                path("client-0.key"),
                                path("wrong-password.txt")));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).setting()).isEqualTo("client_key_password");
        assertThat(problems.get(0).message())
                .contains(path("client-0.key"))
                .contains(path("wrong-password.txt"))
                .contains("does not decrypt")
                .contains("PBEWithSHA1AndRC4_128");
    }

    @Test
    void aSchemeTheJdkDoesNotOfferIsSaidSo() {
        List<TlsMaterial.Problem> problems =
                TlsMaterial.check(
                        new TlsConfig(
                                null,
                                path("client.crt"),
                                path("client-des3.key"),
                                path("password.txt")));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).setting()).isEqualTo("client_key");
        assertThat(problems.get(0).message()).contains("not one this JDK can decrypt");
        assertThat(problems.get(0).expected()).contains("openssl pkcs8 -topk8 -v2 aes-256-cbc");
    }

    @Test
    void everyUnusableFileIsAProblemOfItsOwnSetting() {
        List<TlsMaterial.Problem> problems =
                TlsMaterial.check(
                        new TlsConfig(
                                "file:" + path("missing-ca.pem"),
                                path("not-a-cert.pem"),
                                path("client-3.key"),
                                "classpath:no/such/password.txt"));
        assertThat(problems)
                .extracting(TlsMaterial.Problem::setting)
                .containsExactly("trust_cacerts", "client_cert", "client_key_password");
        assertThat(problems.get(0).message())
                .isEqualTo(
                        "trust_cacerts 'file:"
                                + path("missing-ca.pem")
                                + "' cannot be read: no file "
                                + path("missing-ca.pem"));
        assertThat(problems.get(1).message()).contains("holds no readable certificate");
        assertThat(problems.get(2).message())
                .contains("no class path resource no/such/password.txt");
        assertThatThrownBy(
                        () ->
                                TlsMaterial.load(
                                        new TlsConfig(
                                                null,
                                                path("client.crt"),
                                                path("client-3.key"),
                                                null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is encrypted, but no client_key_password is set");
    }

    private static String path(String name) {
        return dir.resolve(name).toAbsolutePath().toString();
    }
}
