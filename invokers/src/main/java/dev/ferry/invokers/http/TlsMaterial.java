package dev.ferry.invokers.http;

import dev.ferry.invokers.http.HttpEndpointConfig.TlsConfig;
import dev.ferry.invokers.http.internal.EncryptedPrivateKeys;
import dev.ferry.invokers.http.internal.EncryptedPrivateKeys.DecryptionException;
import dev.ferry.invokers.http.internal.MaterialLocation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The TLS material of an endpoint, read and checked: the trusted CAs and the client certificate
 * parse as PEM certificates, the client key is a PEM private key, and an encrypted key decrypts
 * with its password. Loading the module runs the same checks ({@link #check}), so material that
 * cannot work stops the start with its reason instead of failing every invocation.
 *
 * <p>Problems name the module keys: {@code trust_cacerts}, {@code client_cert}, {@code client_key},
 * {@code client_key_password}.
 */
public final class TlsMaterial {
    private static final String ENCRYPTED_BEGIN = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
    private static final String ENCRYPTED_END = "-----END ENCRYPTED PRIVATE KEY-----";

    /**
     * One thing wrong with the material.
     *
     * @param setting the module key whose value is wrong
     * @param message what is wrong, starting with the setting and its value
     * @param expected what would have been right
     */
    public record Problem(String setting, String message, String expected) {
        @Override
        public String toString() {
            return message + "; " + expected;
        }
    }

    private final byte[] trustedCertificates;
    private final byte[] clientCertificate;
    private final byte[] clientKey;

    private TlsMaterial(byte[] trustedCertificates, byte[] clientCertificate, byte[] clientKey) {
        this.trustedCertificates = trustedCertificates;
        this.clientCertificate = clientCertificate;
        this.clientKey = clientKey;
    }

    /** Everything wrong with {@code tls}; empty when it can be used. */
    public static List<Problem> check(TlsConfig tls) {
        List<Problem> problems = new ArrayList<>();
        read(tls, problems);
        return problems;
    }

    /**
     * The material of {@code tls}, the client key decrypted.
     *
     * @throws IllegalArgumentException listing every problem
     */
    public static TlsMaterial load(TlsConfig tls) {
        List<Problem> problems = new ArrayList<>();
        TlsMaterial material = read(tls, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        }
        return material;
    }

    /** The trusted CA certificates (PEM), or null for the JRE's trust store. */
    public byte[] trustedCertificates() {
        return trustedCertificates;
    }

    /** The client certificate (PEM), or null without mutual TLS. */
    public byte[] clientCertificate() {
        return clientCertificate;
    }

    /** The client key as unencrypted PEM, or null without mutual TLS. */
    public byte[] clientKey() {
        return clientKey;
    }

    private static TlsMaterial read(TlsConfig tls, List<Problem> problems) {
        byte[] trusted = certificates("trust_cacerts", tls.trustCaCerts(), problems);
        byte[] certificate = certificates("client_cert", tls.clientCert(), problems);
        byte[] key = null;
        if (tls.clientKey() != null) {
            byte[] pem = file("client_key", tls.clientKey(), problems);
            String password =
                    tls.clientKeyPassword() == null
                            ? null
                            : password(tls.clientKeyPassword(), problems);
            if (pem != null && (tls.clientKeyPassword() == null || password != null)) {
                key = key(tls, pem, password, problems);
            }
        }
        return new TlsMaterial(trusted, certificate, key);
    }

    private static byte[] certificates(String setting, String location, List<Problem> problems) {
        if (location == null) {
            return null;
        }
        byte[] pem = file(setting, location, problems);
        if (pem == null) {
            return null;
        }
        try {
            if (CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem))
                    .isEmpty()) {
                throw new CertificateException("no certificate in it");
            }
            return pem;
        } catch (CertificateException e) {
            problems.add(
                    new Problem(
                            setting,
                            describe(setting, location) + " holds no readable certificate: " + e,
                            "PEM certificates (-----BEGIN CERTIFICATE-----)"));
            return null;
        }
    }

    private static String password(String location, List<Problem> problems) {
        byte[] bytes = file("client_key_password", location, problems);
        // The password is the file's text; the line break an editor adds is not part of it.
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8).strip();
    }

    private static byte[] key(TlsConfig tls, byte[] pem, String password, List<Problem> problems) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        String location = describe("client_key", tls.clientKey());
        int from = text.indexOf(ENCRYPTED_BEGIN);
        int to = text.indexOf(ENCRYPTED_END);
        boolean encrypted = from >= 0 && to > from;
        if (!encrypted && !text.contains("PRIVATE KEY-----")) {
            problems.add(
                    new Problem(
                            "client_key",
                            location + " holds no PEM private key",
                            "a PKCS#8 PEM key (-----BEGIN PRIVATE KEY----- or -----BEGIN"
                                    + " ENCRYPTED PRIVATE KEY-----)"));
            return null;
        }
        if (text.contains("Proc-Type: 4,ENCRYPTED")) {
            problems.add(
                    new Problem(
                            "client_key",
                            location + " is encrypted the legacy OpenSSL way (Proc-Type header)",
                            "an encrypted PKCS#8 key: openssl pkcs8 -topk8 -v2 aes-256-cbc"));
            return null;
        }
        if (!encrypted) {
            if (password != null) {
                problems.add(
                        new Problem(
                                "client_key_password",
                                location + " is not encrypted, but client_key_password is set",
                                "an encrypted PKCS#8 key, or no client_key_password"));
                return null;
            }
            return pem;
        }
        if (password == null) {
            problems.add(
                    new Problem(
                            "client_key",
                            location + " is encrypted, but no client_key_password is set",
                            "client_key_password: the file holding the key's password"));
            return null;
        }
        try {
            byte[] der =
                    Base64.getMimeDecoder()
                            .decode(text.substring(from + ENCRYPTED_BEGIN.length(), to));
            byte[] plain = EncryptedPrivateKeys.decrypt(der, password.toCharArray());
            String encoded =
                    Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(plain);
            return ("-----BEGIN PRIVATE KEY-----\n" + encoded + "\n-----END PRIVATE KEY-----\n")
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            problems.add(
                    new Problem(
                            "client_key",
                            location + " is not valid PEM: " + e.getMessage(),
                            "a PKCS#8 PEM key"));
        } catch (DecryptionException e) {
            problems.add(
                    e.wrongPassword()
                            ? new Problem(
                                    "client_key_password",
                                    location
                                            + " does not decrypt with the password in "
                                            + describe(
                                                    "client_key_password", tls.clientKeyPassword())
                                            + " ("
                                            + e.getMessage()
                                            + ")",
                                    "the password the key was encrypted with")
                            : new Problem(
                                    "client_key",
                                    location + ": " + e.getMessage(),
                                    "a key encrypted with PBES1 or PBES2 as this JDK offers,"
                                            + " e.g. openssl pkcs8 -topk8 -v2 aes-256-cbc"));
        }
        return null;
    }

    private static byte[] file(String setting, String location, List<Problem> problems) {
        try {
            return MaterialLocation.read(location);
        } catch (IOException e) {
            problems.add(
                    new Problem(
                            setting,
                            describe(setting, location) + " cannot be read: " + e.getMessage(),
                            MaterialLocation.EXPECTED));
            return null;
        }
    }

    private static String describe(String setting, String location) {
        return setting + " '" + location + "'";
    }
}
