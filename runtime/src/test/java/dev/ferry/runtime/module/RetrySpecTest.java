package dev.ferry.runtime.module;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.invokers.RetryPolicy;
import dev.ferry.protocol.TypeName;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A retry spec is the invokers' policy plus where its deadline comes from and the exhaustion. */
class RetrySpecTest {

    @Test
    void withoutADeadlineOfItsOwnThePolicyGetsTheCallTimeout() {
        RetryPolicy policy = RetrySpec.defaults().toPolicy(Duration.ofSeconds(90));

        assertThat(policy).isEqualTo(RetryPolicy.defaults(Duration.ofSeconds(90)));
    }

    @Test
    void anOwnDeadlineWinsOverTheCallTimeout() {
        RetryPolicy own =
                new RetryPolicy(
                        Duration.ofMillis(100),
                        Duration.ofSeconds(1),
                        1.5,
                        0,
                        3,
                        Duration.ofSeconds(7),
                        Set.of(429));
        RetrySpec spec = new RetrySpec(own, false, RetrySpec.OnExhausted.FAIL, null);

        assertThat(spec.toPolicy(Duration.ofMinutes(5))).isEqualTo(own);
        assertThat(spec.deadline()).isEqualTo(Duration.ofSeconds(7));
        assertThat(spec.maxAttempts()).isEqualTo(3);
    }

    @Test
    void specsThatFollowTheCallTimeoutAreEqualWhateverDeadlineTheyWereGiven() {
        RetrySpec a =
                new RetrySpec(
                        RetryPolicy.defaults(Duration.ofSeconds(1)),
                        true,
                        RetrySpec.OnExhausted.FAIL,
                        null);
        RetrySpec b =
                new RetrySpec(
                        RetryPolicy.defaults(Duration.ofHours(1)),
                        true,
                        RetrySpec.OnExhausted.FAIL,
                        null);

        assertThat(a).isEqualTo(b).isEqualTo(RetrySpec.defaults());
        assertThat(a.deadline()).isNull();
    }

    @Test
    void aDeadLetterVariantKeepsThePolicy() {
        TypeName dlq = TypeName.parse("shop/dlq");
        RetrySpec spec = RetrySpec.defaults().withDeadLetter(dlq);

        assertThat(spec.policy()).isEqualTo(RetrySpec.defaults().policy());
        assertThat(spec.onExhausted()).isEqualTo(RetrySpec.OnExhausted.DEAD_LETTER);
        assertThat(spec.deadLetterEgress()).isEqualTo(dlq);
        assertThat(spec.deadline()).isNull();
    }
}
