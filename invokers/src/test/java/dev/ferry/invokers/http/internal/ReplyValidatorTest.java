package dev.ferry.invokers.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.invokers.RetryPolicy;
import dev.ferry.invokers.internal.AttemptFailure;
import dev.ferry.protocol.MediaTypes;
import dev.ferry.protocol.wire.FromFunction;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplyValidatorTest {
    private static final RetryPolicy POLICY = RetryPolicy.defaults(Duration.ofSeconds(5));
    private static final byte[] REPLY = FromFunction.getDefaultInstance().toByteArray();
    private static final byte[] NON_EMPTY =
            FromFunction.newBuilder()
                    .setInvocationResult(FromFunction.InvocationResponse.getDefaultInstance())
                    .build()
                    .toByteArray();

    @Test
    void acceptsOctetStreamInAnyCase() {
        assertThat(
                        ReplyValidator.validate(
                                "f", 200, "Application/Octet-Stream", null, NON_EMPTY, POLICY))
                .isNotNull();
    }

    @Test
    void rejectsParametersAndOtherTypesAsRetryable() {
        for (String type :
                new String[] {"application/octet-stream; charset=binary", "text/plain", null}) {
            assertThatThrownBy(
                            () -> ReplyValidator.validate("f", 200, type, null, NON_EMPTY, POLICY))
                    .isInstanceOfSatisfying(
                            AttemptFailure.class, f -> assertThat(f.retryable()).isTrue())
                    .hasMessageContaining("content type '" + type + "'");
        }
    }

    @Test
    void anEmptyBodyIsAFailure() {
        assertThat(REPLY).isEmpty();
        assertThatThrownBy(
                        () ->
                                ReplyValidator.validate(
                                        "http://x/f",
                                        200,
                                        MediaTypes.OCTET_STREAM,
                                        null,
                                        REPLY,
                                        POLICY))
                .hasMessageContaining("http://x/f")
                .hasMessageContaining("empty body");
    }

    @Test
    void statusDecidesRetryabilityAndRetryAfterIsRead() {
        assertThatThrownBy(() -> ReplyValidator.validate("f", 404, null, null, new byte[0], POLICY))
                .isInstanceOfSatisfying(
                        AttemptFailure.class, f -> assertThat(f.retryable()).isFalse())
                .hasMessageContaining("HTTP 404");
        assertThatThrownBy(
                        () -> ReplyValidator.validate("f", 429, null, " 3 ", new byte[0], POLICY))
                .isInstanceOfSatisfying(
                        AttemptFailure.class,
                        f -> {
                            assertThat(f.retryable()).isTrue();
                            assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(3));
                        });
    }
}
