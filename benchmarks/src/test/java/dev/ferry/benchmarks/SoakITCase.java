package dev.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.benchmarks.functions.SoakFault;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak, short: 6,000 messages through the counter and chain workloads with one fault of each
 * kind (a function 500, a function timeout, a 429, a task exception, a SIGKILL of the runtime
 * process and {@code --restore latest}); every message's record must be committed exactly once and
 * every key's count must match. {@code benchmarks/soak} runs the full one.
 */
class SoakITCase {

    @Test
    void everyFaultKindOnceLosesAndDuplicatesNothing(@TempDir Path work) throws Exception {
        SoakResult result =
                SoakRun.run(
                        new SoakRun.Settings(6_000, 100, SoakFault.values().length, work),
                        System.out);
        System.out.println(result.line());

        assertThat(result.problems()).isEmpty();
        assertThat(result.lost()).isZero();
        assertThat(result.duplicates()).isZero();
        for (SoakFault kind : SoakFault.values()) {
            assertThat(result.injected()).as("faults injected").containsEntry(kind, 1);
            assertThat(result.recoveries().get(kind))
                    .as("recoveries after %s", kind.label)
                    .hasSize(1);
        }
        assertThat(result.verified()).isTrue();
    }
}
