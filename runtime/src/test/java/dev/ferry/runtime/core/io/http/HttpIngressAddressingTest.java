package dev.ferry.runtime.core.io.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.io.http.HttpIngressAddressing.Messages;
import dev.ferry.runtime.core.io.http.HttpIngressAddressing.Outcome;
import dev.ferry.runtime.core.io.http.HttpIngressAddressing.Refused;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.IngressRoute;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpIngressAddressingTest {
    private static final TypeName CART = new TypeName("com.example", "cart");
    private static final TypeName AUDIT = new TypeName("audit", "log");

    private final HttpIngressAddressing addressing =
            new HttpIngressAddressing(
                    List.of(
                            new IngressRoute("orders", "com.example/Order", List.of(CART, AUDIT)),
                            new IngressRoute("counts", WellKnownTypes.INT, List.of(CART))),
                    List.of(FunctionPattern.namespace("com.example"), FunctionPattern.of(AUDIT)));

    private static final byte[] JSON = "{\"item\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void anAddressPathSendsTheBodyTypedByTheVendorContentType() {
        Outcome outcome =
                addressing.resolve(
                        "/com.example/cart/user%201",
                        "application/vnd.com.example/AddToCart; charset=utf-8", JSON);
        Envelope message = single(outcome);
        assertThat(message.target()).isEqualTo(new FunctionAddress(CART, "user 1"));
        assertThat(message.typename()).isEqualTo("com.example/AddToCart");
        assertThat(message.value()).isEqualTo(JSON);
    }

    @Test
    void withoutAVendorContentTypeTheBodyIsTextSentAsAString() {
        Envelope message =
                single(
                        addressing.resolve(
                                "/com.example/cart/1",
                                "text/plain",
                                "hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(message.typename()).isEqualTo(WellKnownTypes.STRING);
        assertThat(PrimitiveCodecs.decodeString(message.value())).isEqualTo("hello");
        assertThat(single(addressing.resolve("/com.example/cart/1", null, new byte[0])).typename())
                .isEqualTo(WellKnownTypes.STRING);
    }

    @Test
    void aRoutePathSendsOneMessageOfTheRoutesTypePerTarget() {
        Outcome outcome = addressing.resolve("/orders/42", null, JSON);
        assertThat(outcome).isInstanceOf(Messages.class);
        List<Envelope> messages = ((Messages) outcome).envelopes();
        assertThat(messages)
                .extracting(Envelope::target)
                .containsExactly(new FunctionAddress(CART, "42"), new FunctionAddress(AUDIT, "42"));
        assertThat(messages)
                .allSatisfy(m -> assertThat(m.typename()).isEqualTo("com.example/Order"));
    }

    @Test
    void refusalsSayWhatIsWrong() {
        assertRefused(addressing.resolve("/a/b/c/d", null, JSON), 404, "has 4 segments");
        assertRefused(
                addressing.resolve("/nowhere/1", null, JSON), 404, "no route has path nowhere");
        assertRefused(
                addressing.resolve("/other/fn/1", null, JSON),
                404,
                "no endpoint serves function type other/fn");
        assertRefused(
                addressing.resolve("/counts/1", null, JSON),
                400,
                "not a valid io.statefun.types/int");
        assertRefused(
                addressing.resolve("/com.example/cart/1", "application/vnd.NoSlash", JSON),
                415,
                "does not name a type");
        assertRefused(addressing.resolve("/com.example/cart/%zz", null, JSON), 400, "percent");
    }

    private static Envelope single(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Messages.class);
        List<Envelope> messages = ((Messages) outcome).envelopes();
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    private static void assertRefused(Outcome outcome, int status, String reason) {
        assertThat(outcome).isInstanceOf(Refused.class);
        Refused refused = (Refused) outcome;
        assertThat(refused.status()).as(refused.reason()).isEqualTo(status);
        assertThat(refused.reason()).contains(reason);
    }
}
