package dev.ferry.invokers.http.internal;

import dev.ferry.invokers.http.HttpEndpointConfig.TlsConfig;
import dev.ferry.invokers.http.TlsMaterial;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * Applies the endpoint's TLS material (trusted CAs, client certificate and key, an encrypted key's
 * password) to the HTTP client options; {@link TlsMaterial} reads and checks it.
 */
public final class TlsOptionsFactory {

    private TlsOptionsFactory() {}

    /**
     * Turns TLS on with {@code tls}'s material (null: the JRE's trust store, no client
     * certificate).
     *
     * @throws IllegalArgumentException naming every setting whose material cannot be used
     */
    public static void apply(TlsConfig tls, HttpClientOptions options) {
        options.setSsl(true);
        if (tls == null) {
            return;
        }
        TlsMaterial material = TlsMaterial.load(tls);
        if (material.trustedCertificates() != null) {
            options.setTrustOptions(
                    new PemTrustOptions()
                            .addCertValue(Buffer.buffer(material.trustedCertificates())));
        }
        if (material.clientCertificate() != null) {
            options.setKeyCertOptions(
                    new PemKeyCertOptions()
                            .setCertValue(Buffer.buffer(material.clientCertificate()))
                            .setKeyValue(Buffer.buffer(material.clientKey())));
        }
    }
}
