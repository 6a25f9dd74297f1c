package dev.ferry.runtime.core.dispatch;

import static dev.ferry.runtime.core.dispatch.DispatchFunctions.TTL_CALL;
import static dev.ferry.runtime.core.dispatch.DispatchFunctions.TTL_WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * State expiration as the function declares it: after write (reads do not extend it) and after
 * invoke (every invocation, which reads the state, extends it).
 */
class TtlDispatchTest {

    @Test
    void afterWriteExpiresDespiteReadsAndAfterInvokeIsExtendedByThem() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all());
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), false, 0))) {
            at(dispatcher, 0);
            dispatcher.send(TTL_WRITE, "w", "x");
            dispatcher.send(TTL_CALL, "c", "x");
            dispatcher.awaitOut(2);

            at(dispatcher, 6_000); // 6 s after the write, within the 10 s TTL: both still there
            dispatcher.send(TTL_WRITE, "w", "peek");
            dispatcher.send(TTL_CALL, "c", "peek");
            dispatcher.awaitOut(4);

            at(dispatcher, 12_000); // 12 s after the write, 6 s after the last invocation
            dispatcher.send(TTL_WRITE, "w", "peek");
            dispatcher.send(TTL_CALL, "c", "peek");
            assertThat(dispatcher.awaitOut(6))
                    .containsExactlyInAnyOrder(
                            "w 1 x", "c 1 x", "w 1 peek", "c 1 peek", "w 0 peek", "c 1 peek");
            assertThat(dispatcher.out().subList(4, 6)).contains("w 0 peek", "c 1 peek");

            at(dispatcher, 30_000); // long after everything
            dispatcher.send(TTL_CALL, "c", "peek");
            assertThat(dispatcher.awaitOut(7).get(6)).isEqualTo("c 0 peek");
        }
    }

    private static void at(DispatcherHarness dispatcher, long millis) throws Exception {
        dispatcher.harness.setStateTtlProcessingTime(millis);
        dispatcher.harness.setProcessingTime(millis);
    }
}
