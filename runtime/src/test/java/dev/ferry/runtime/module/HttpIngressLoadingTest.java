package dev.ferry.runtime.module;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.TypeName;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ferry.io.v1/http} as the loader reads it: every key, and the defaults. */
class HttpIngressLoadingTest {

    @Test
    void everyKeyAndTheDefaultsAreRead() {
        Module module =
                ModuleLoader.load(
                        "classpath:modules/valid/http-ingress.yaml", getClass().getClassLoader());
        assertThat(module.ingresses())
                .containsExactly(
                        new HttpIngressSpec(
                                TypeName.parse("shop/http"),
                                "0.0.0.0",
                                8090,
                                65536,
                                "a-long-random-token",
                                List.of(
                                        new IngressRoute(
                                                "orders",
                                                "shop/Order",
                                                List.of(
                                                        TypeName.parse("shop/cart"),
                                                        TypeName.parse("shop/audit")))),
                                Duration.ofHours(1),
                                500),
                        new HttpIngressSpec(
                                TypeName.parse("shop/defaults"),
                                "127.0.0.1",
                                8091,
                                1024 * 1024,
                                null,
                                List.of(),
                                Duration.ofMinutes(10),
                                10_000));
    }

    @Test
    void theTokenComesFromTheEnvironmentAndStaysOutOfToString() {
        Module module =
                ModuleLoader.loadString(
                        "module.yaml",
                        """
                        kind: ferry.io.v1/http
                        spec:
                          id: shop/http
                          port: 8090
                          token: ${env:SHOP_TOKEN}
                        """,
                        name -> name.equals("SHOP_TOKEN") ? "s3cret" : null);
        HttpIngressSpec spec = (HttpIngressSpec) module.ingresses().get(0);
        assertThat(spec.token()).isEqualTo("s3cret");
        assertThat(spec.toString()).doesNotContain("s3cret").contains("token=(set)");
    }
}
