package dev.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.runtime.module.AddressBatching;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code benchmarks/run ... --address-batching[=N]}: where the flag is read from the arguments. */
class AddressBatchingFlagTest {

    @Test
    void theFlagTurnsAddressBatchingOnWithItsBoundOrTheDefault() {
        assertThat(BenchmarkMain.addressBatching(List.of("200000", "1000", "6000"))).isNull();
        assertThat(BenchmarkMain.addressBatching(List.of("200000", "--address-batching")))
                .isEqualTo(AddressBatching.ON);
        assertThat(BenchmarkMain.addressBatching(List.of("--address-batching=1", "200000")))
                .isEqualTo(new AddressBatching(true, 1));
    }
}
