package dev.ferry.runtime.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.FromFunction.ExpirationSpec;
import dev.ferry.protocol.wire.FromFunction.PersistedValueSpec;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.junit.jupiter.api.Test;

/** Declared states: first declaration wins, another type is an error, TTL maps to Flink TTL. */
class StateRegistryTest {
    private static final TypeName COUNTER = new TypeName("test", "counter");

    @Test
    void theFirstDeclarationWinsAndAnotherTypeIsAnErrorNamingEverything() {
        StateRegistry registry = new StateRegistry();
        registry.register(COUNTER, spec("count", "io.statefun.types/int", null, 0));
        registry.register(COUNTER, spec("count", "io.statefun.types/int", null, 0));
        assertThat(registry.statesOf(COUNTER)).hasSize(1);

        assertThatThrownBy(
                        () ->
                                registry.register(
                                        COUNTER,
                                        spec("count", "io.statefun.types/string", null, 0)))
                .hasMessageContaining("test/counter")
                .hasMessageContaining("'count'")
                .hasMessageContaining("io.statefun.types/string")
                .hasMessageContaining("io.statefun.types/int");
    }

    @Test
    void expirationModesMapToFlinkTtlUpdateTypes() {
        StateRegistry registry = new StateRegistry();
        registry.register(
                COUNTER, spec("written", "t/x", ExpirationSpec.ExpireMode.AFTER_WRITE, 5_000));
        registry.register(
                COUNTER, spec("invoked", "t/x", ExpirationSpec.ExpireMode.AFTER_INVOKE, 7_000));
        registry.register(COUNTER, spec("forever", "t/x", null, 0));

        StateTtlConfig written = registry.get(COUNTER, "written").descriptor().getTtlConfig();
        assertThat(written.getUpdateType()).isEqualTo(StateTtlConfig.UpdateType.OnCreateAndWrite);
        assertThat(written.getTimeToLive().toMillis()).isEqualTo(5_000);
        assertThat(written.getStateVisibility())
                .isEqualTo(StateTtlConfig.StateVisibility.NeverReturnExpired);
        StateTtlConfig invoked = registry.get(COUNTER, "invoked").descriptor().getTtlConfig();
        assertThat(invoked.getUpdateType()).isEqualTo(StateTtlConfig.UpdateType.OnReadAndWrite);
        assertThat(registry.get(COUNTER, "forever").descriptor().getTtlConfig().isEnabled())
                .isFalse();
        assertThat(registry.get(COUNTER, "written").descriptor().getName())
                .isEqualTo("test.counter.written");
    }

    private static PersistedValueSpec spec(
            String name, String typename, ExpirationSpec.ExpireMode mode, long millis) {
        PersistedValueSpec.Builder spec =
                PersistedValueSpec.newBuilder().setStateName(name).setTypeTypename(typename);
        if (mode != null) {
            spec.setExpirationSpec(
                    ExpirationSpec.newBuilder().setMode(mode).setExpireAfterMillis(millis));
        }
        return spec.build();
    }
}
