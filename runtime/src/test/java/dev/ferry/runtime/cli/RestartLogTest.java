package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What the restart lines read from an entry of the job's exception history. */
class RestartLogTest {
    private final ObjectMapper json = new ObjectMapper();

    /** As Flink 1.20's REST endpoint gave it for a Kinesis source that timed out. */
    @Test
    void theTaskIsNamedWithoutTheAttempt() throws Exception {
        assertThat(
                        RestartLog.task(
                                json.readTree(
                                        "{\"taskName\": \"Source: kinesis demo/in -> router"
                                                + " demo/in (1/1) - execution #2\"}")))
                .isEqualTo("Source: kinesis demo/in -> router demo/in (1/1)");
    }

    @Test
    void aFailureOfTheWholeJobHasNoTask() throws Exception {
        assertThat(RestartLog.task(json.readTree("{\"taskName\": null}"))).isNull();
        assertThat(RestartLog.task(json.readTree("{}"))).isNull();
    }
}
