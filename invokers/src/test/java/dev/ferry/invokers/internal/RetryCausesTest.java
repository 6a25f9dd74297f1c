package dev.ferry.invokers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.invokers.InvocationObserver.RetryCause;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The cause a retry is counted under in the metrics. */
class RetryCausesTest {
    private static AttemptFailure status(int status) {
        return new AttemptFailure("HTTP " + status, true, null, null, status);
    }

    @Test
    void statusesMapToTheirCause() {
        assertThat(RetryCauses.of(status(503))).isEqualTo(RetryCause.SERVER_ERROR);
        assertThat(RetryCauses.of(status(500))).isEqualTo(RetryCause.SERVER_ERROR);
        assertThat(RetryCauses.of(status(429))).isEqualTo(RetryCause.THROTTLED);
        assertThat(RetryCauses.of(status(408))).isEqualTo(RetryCause.OTHER);
    }

    @Test
    void failuresWithoutAStatusMapByWhatHappened() {
        assertThat(RetryCauses.of(AttemptFailure.functionError("Unhandled")))
                .isEqualTo(RetryCause.FUNCTION_ERROR);
        assertThat(
                        RetryCauses.of(
                                new AttemptFailure(
                                        "no answer", true, null, new TimeoutException("read"))))
                .isEqualTo(RetryCause.TIMEOUT);
        assertThat(
                        RetryCauses.of(
                                new AttemptFailure(
                                        "refused", true, null, new ConnectException("refused"))))
                .isEqualTo(RetryCause.CONNECTION);
        assertThat(RetryCauses.of(new IOException("reset"))).isEqualTo(RetryCause.CONNECTION);
        assertThat(RetryCauses.of(new IllegalStateException("odd"))).isEqualTo(RetryCause.OTHER);
    }
}
