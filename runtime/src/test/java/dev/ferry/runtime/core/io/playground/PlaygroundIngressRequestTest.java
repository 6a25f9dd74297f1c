package dev.ferry.runtime.core.io.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a playground ingress request becomes a message, as StateFun's playground reads it. */
class PlaygroundIngressRequestTest {

    @Test
    void thePathIsTheTargetTheVendorContentTypeTheTypeAndTheBodyTheValue() {
        byte[] body = "{\"userId\": \"1\"}".getBytes(StandardCharsets.UTF_8);

        Envelope message =
                PlaygroundIngressRequest.message(
                        "/com.example/user-shopping-cart/1",
                        List.of("application/vnd.com.example/AddToCart"),
                        body);

        assertThat(message.target())
                .isEqualTo(
                        new FunctionAddress(
                                new TypeName("com.example", "user-shopping-cart"), "1"));
        assertThat(message.caller()).isNull();
        assertThat(message.typename()).isEqualTo("com.example/AddToCart");
        assertThat(message.value()).isEqualTo(body);
    }

    @Test
    void withoutAVendorContentTypeTheTypeIsString() {
        assertThat(PlaygroundIngressRequest.messageType(List.of()))
                .isEqualTo("io.statefun.types/string");
        assertThat(
                        PlaygroundIngressRequest.messageType(
                                List.of("application/x-www-form-urlencoded")))
                .isEqualTo("io.statefun.types/string");
    }

    @Test
    void theFirstVendorValueWinsAndIsTakenVerbatim() {
        assertThat(
                        PlaygroundIngressRequest.messageType(
                                List.of(
                                        "text/plain",
                                        "application/vnd.a/B; charset=utf-8",
                                        "application/vnd.c/D")))
                .isEqualTo("a/B; charset=utf-8");
    }

    @Test
    void thePathIsDecodedAndATrailingSlashIsIgnored() {
        assertThat(PlaygroundIngressRequest.target("/greeter/greet/Ada%20Lovelace/"))
                .isEqualTo(new FunctionAddress(new TypeName("greeter", "greet"), "Ada Lovelace"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a", "/a/b", "/a/b/c/d", "/a//c", "//b/c"})
    void aPathThatIsNotThreeSegmentsIsRefused(String path) {
        assertThatThrownBy(() -> PlaygroundIngressRequest.target(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "Invalid URL. Please specify '/namespace/function_type/function_id'")
                .hasMessageContaining(path);
    }
}
