package dev.ferry.invokers.http.internal;

import dev.ferry.invokers.http.HttpEndpointConfig.TlsConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Applies the endpoint's TLS material (trusted CAs, client certificate and key, an encrypted key's
 * password) to the HTTP client options. Values are file paths or {@code classpath:NAME}.
 */
public final class TlsOptionsFactory {
    private static final String CLASSPATH = "classpath:";

    private TlsOptionsFactory() {}

    public static void apply(TlsConfig tls, HttpClientOptions options) {
        options.setSsl(true);
        if (tls == null) {
            return;
        }
        if (tls.trustCaCerts() != null) {
            options.setTrustOptions(
                    new PemTrustOptions()
                            .addCertValue(
                                    Buffer.buffer(read(tls.trustCaCerts(), "trust_cacerts"))));
        }
        if (tls.clientCert() != null) {
            byte[] key = read(tls.clientKey(), "client_key");
            if (tls.clientKeyPassword() != null) {
                String password =
                        new String(
                                        read(tls.clientKeyPassword(), "client_key_password"),
                                        StandardCharsets.UTF_8)
                                .trim();
                key = decrypt(key, password, tls.clientKey());
            }
            options.setKeyCertOptions(
                    new PemKeyCertOptions()
                            .setCertValue(Buffer.buffer(read(tls.clientCert(), "client_cert")))
                            .setKeyValue(Buffer.buffer(key)));
        }
    }

    /** An encrypted PKCS8 PEM key, decrypted into an unencrypted PKCS8 PEM key. */
    static byte[] decrypt(byte[] pem, String password, String where) {
        String text = new String(pem, StandardCharsets.UTF_8);
        String begin = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
        String end = "-----END ENCRYPTED PRIVATE KEY-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException(
                    "client_key "
                            + where
                            + " is not an encrypted PKCS8 PEM key, but a password was given");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            // PBES2 keys name their real algorithm in the parameters.
            String algorithm =
                    info.getAlgParameters() != null
                            ? info.getAlgParameters().toString()
                            : info.getAlgName();
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Key secret = factory.generateSecret(new PBEKeySpec(password.toCharArray()));
            // getKeySpec(Key) looks up a cipher named "PBES2", which the JDK does not offer; a
            // cipher named after the real algorithm and given the parameters does the job.
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, secret, info.getAlgParameters());
            byte[] plain = info.getKeySpec(cipher).getEncoded();
            String encoded =
                    Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(plain);
            return ("-----BEGIN PRIVATE KEY-----\n" + encoded + "\n-----END PRIVATE KEY-----\n")
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot decrypt client_key "
                            + where
                            + " with the password given: "
                            + e.getMessage(),
                    e);
        }
    }

    static byte[] read(String location, String key) {
        try {
            if (location.startsWith(CLASSPATH)) {
                String name = location.substring(CLASSPATH.length());
                try (InputStream in =
                        Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IllegalArgumentException(
                                key + ": no class path resource " + name);
                    }
                    return in.readAllBytes();
                }
            }
            return Files.readAllBytes(Path.of(location));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    key + ": cannot read " + location + ": " + e.getMessage(), e);
        }
    }
}
