package dev.ferry.runtime.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.invokers.http.HttpEndpointConfig.TlsConfig;
import dev.ferry.invokers.http.TlsMaterial;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS settings of an HTTP endpoint as StateFun's own end-to-end module writes them ({@code
 * file:} URLs, a key encrypted with PBES1, the password in a file), checked when the module loads.
 * The material is the test resources' {@code certs/}, copied to a folder of its own.
 */
class TlsSettingsTest {
    @TempDir static Path certs;

    @BeforeAll
    static void copyCertificates() throws Exception {
        for (String name :
                List.of(
                        "ca.pem",
                        "client.crt",
                        "client.key.p8",
                        "key_password.txt",
                        "wrong_password.txt")) {
            try (InputStream in = TlsSettingsTest.class.getResourceAsStream("/certs/" + name)) {
                Files.copy(in, certs.resolve(name));
            }
        }
    }

    @Test
    void stateFunsOwnEndToEndModuleLoadsAndItsKeyDecrypts() {
        Module module = ModuleLoader.loadString("module.yaml", module("key_password.txt"));

        HttpEndpointSpec.Transport transport =
                ((HttpEndpointSpec) module.endpoints().get(0)).transport();
        assertThat(transport.trustCaCerts()).isEqualTo("file:" + certs.resolve("ca.pem"));
        TlsMaterial material =
                TlsMaterial.load(
                        new TlsConfig(
                                transport.trustCaCerts(),
                                transport.clientCert(),
                                transport.clientKey(),
                                transport.clientKeyPassword()));
        assertThat(new String(material.clientKey(), StandardCharsets.US_ASCII))
                .startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void aKeyThatDoesNotDecryptStopsTheLoadAtItsPasswordsLine() {
        assertThatThrownBy(
                        () -> ModuleLoader.loadString("module.yaml", module("wrong_password.txt")))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining(
                        "module.yaml:11:26: spec.transport.client_key 'file:"
                                + certs.resolve("client.key.p8")
                                + "' does not decrypt with the password in client_key_password '"
                                + certs.resolve("wrong_password.txt")
                                + "' (PBEWithSHA1AndRC4_128)");
    }

    @Test
    void aMissingFileStopsTheLoadAtItsLine() {
        String text = module("key_password.txt").replace("ca.pem", "missing-ca.pem");

        assertThatThrownBy(() -> ModuleLoader.loadString("module.yaml", text))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining(
                        "module.yaml:8:20: spec.transport.trust_cacerts 'file:"
                                + certs.resolve("missing-ca.pem")
                                + "' cannot be read: no file "
                                + certs.resolve("missing-ca.pem"));
    }

    /** StateFun's statefun-smoke-e2e-java remote module, with this test's folder for its certs. */
    private static String module(String passwordFile) {
        return """
                kind: io.statefun.endpoints.v2/http
                spec:
                  functions: statefun.smoke.e2e/command-interpreter-fn
                  urlPathTemplate: https://remote-function-host:8000
                  maxNumBatchRequests: 10000
                  transport:
                    type: io.statefun.transports.v1/async
                    trust_cacerts: file:DIR/ca.pem
                    client_cert: file:DIR/client.crt
                    client_key: file:DIR/client.key.p8
                    client_key_password: DIR/PASSWORD
                """
                .replace("DIR", certs.toString())
                .replace("PASSWORD", passwordFile);
    }
}
