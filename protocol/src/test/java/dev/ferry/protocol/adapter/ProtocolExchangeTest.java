package dev.ferry.protocol.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The rules of {@link ProtocolExchange}, without any platform. */
class ProtocolExchangeTest {
    private static final String TOKEN = "a-token-of-some-length";

    private final ProtocolExchange open =
            new ProtocolExchange(CompletableFuture::completedFuture, 16, null);
    private final ProtocolExchange guarded =
            new ProtocolExchange(CompletableFuture::completedFuture, 16, TOKEN);

    @Test
    void takesAPostOfTheProtocolsBytesWithOrWithoutAContentType() {
        assertThat(open.begin("POST", headers("content-type", "application/octet-stream")))
                .isNotNull();
        assertThat(open.begin("post", headers("content-type", "Application/Octet-Stream; x=y")))
                .isNotNull();
        assertThat(open.begin("POST", headers())).isNotNull();
    }

    @Test
    void refusesOtherMethodsAndTypes() {
        assertStatus(() -> open.begin("GET", headers()), 405);
        assertThat(refusal(() -> open.begin("PUT", headers())).headers())
                .containsEntry("Allow", "POST");
        assertStatus(() -> open.begin("POST", headers("content-type", "application/json")), 415);
        assertStatus(
                () -> open.begin("POST", headers("content-type", "application/octet-streamish")),
                415);
    }

    @Test
    void readsTheDeclaredLengthStrictly() {
        assertStatus(() -> open.begin("POST", headers("content-length", "17")), 413);
        assertThat(open.begin("POST", headers("content-length", " 16 "))).isNotNull();
        for (String malformed : new String[] {"12abc", "-1", "", "1e3", "99999999999999999999"}) {
            ProtocolError error =
                    refusal(() -> open.begin("POST", headers("content-length", malformed)));
            assertThat(error.status()).as(malformed).isEqualTo(400);
            assertThat(error.getMessage()).contains("Content-Length '" + malformed + "'");
        }
    }

    @Test
    void aTokenIsRequiredWhenOneIsSet() {
        assertStatus(() -> guarded.begin("POST", headers()), 401);
        assertStatus(() -> guarded.begin("POST", headers("authorization", "Bearer wrong")), 401);
        assertStatus(
                () -> guarded.begin("POST", headers("authorization", "Bearer " + TOKEN + "x")),
                401);
        assertStatus(() -> guarded.begin("POST", headers("authorization", "Basic " + TOKEN)), 401);
        assertStatus(() -> guarded.begin("POST", headers("authorization", "Bearer")), 401);
        assertThat(guarded.begin("POST", headers("authorization", "Bearer " + TOKEN))).isNotNull();
        assertThat(guarded.begin("POST", headers("authorization", "bearer " + TOKEN))).isNotNull();
        ProtocolError refused = refusal(() -> guarded.begin("POST", headers()));
        assertThat(refused.headers()).containsEntry("WWW-Authenticate", "Bearer");
        assertThat(refused.getMessage()).doesNotContain(TOKEN);
    }

    @Test
    void aFailedFunctionIsAnInternalErrorWhoseAnswerHidesTheException() throws Exception {
        IllegalStateException secret = new IllegalStateException("secret internals");
        ProtocolExchange failing =
                new ProtocolExchange(request -> CompletableFuture.failedFuture(secret), 16, null);
        ProtocolExchange throwing =
                new ProtocolExchange(
                        request -> {
                            throw secret;
                        },
                        16,
                        null);
        ProtocolExchange nothing =
                new ProtocolExchange(request -> CompletableFuture.completedFuture(null), 16, null);

        for (ProtocolExchange exchange : new ProtocolExchange[] {failing, throwing, nothing}) {
            ProtocolAnswer answer = exchange.serve("POST", headers(), () -> stream("x"));
            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.contentType()).isEqualTo(ProtocolAnswer.ERROR_CONTENT_TYPE);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                    .isEqualTo("function failed; the cause is in the function's log\n");
        }
        assertThat(failing.call(new byte[1]))
                .failsWithin(java.time.Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(ProtocolError.class)
                .havingCause()
                .isSameAs(secret);
    }

    @Test
    void aHandlersOwnProtocolErrorKeepsItsStatus() throws Exception {
        ProtocolExchange refusing =
                new ProtocolExchange(
                        request ->
                                CompletableFuture.failedFuture(
                                        ProtocolError.badRequest("not a ToFunction")),
                        16,
                        null);

        ProtocolAnswer answer = refusing.serve("POST", headers(), () -> stream("x"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                .isEqualTo("not a ToFunction\n");
    }

    @Test
    void servesABodyUpToTheLimitAndRefusesALongerOneHoweverItArrives() throws Exception {
        assertThat(open.serve("POST", headers(), () -> stream("x".repeat(16))).status())
                .isEqualTo(200);
        ProtocolAnswer chunked = open.serve("POST", headers(), () -> stream("x".repeat(17)));
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(new String(chunked.body(), StandardCharsets.UTF_8))
                .isEqualTo("request is over the limit of 16 bytes\n");
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static java.util.function.Function<String, String> headers(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map::get;
    }

    private static void assertStatus(Runnable request, int status) {
        assertThat(refusal(request).status()).isEqualTo(status);
    }

    private static ProtocolError refusal(Runnable request) {
        try {
            request.run();
        } catch (ProtocolError e) {
            return e;
        }
        throw new AssertionError("the request was taken; expected a refusal");
    }
}
