package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A failure's line read from its printed stack trace, as Flink's REST endpoint reports the failures
 * a job restarted from, is the line read from the exception itself.
 */
class StackTraceTextTest {

    private static String printed(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void theChainOfAPrintedTraceIsTheExceptionsChain() {
        IOException deepest = new IOException("Connection refused");
        IllegalStateException failure =
                new IllegalStateException(
                        "invocation of test/counter:0 failed after 8 attempts",
                        new RuntimeException(new ExecutionException("deadline passed", deepest)));
        failure.addSuppressed(new IllegalArgumentException("closing", new IOException("ignored")));

        assertThat(StackTraceText.chain(printed(failure)))
                .isEqualTo(FailureCause.chain(failure))
                .extracting(FailureCause.Link::type)
                .containsExactly(
                        "java.lang.IllegalStateException",
                        "java.lang.RuntimeException",
                        "java.util.concurrent.ExecutionException",
                        "java.io.IOException");
        assertThat(FailureCause.describeStackTrace(printed(failure)))
                .isEqualTo(FailureCause.describe(failure))
                .isEqualTo("invocation of test/counter:0 failed after 8 attempts");
    }

    @Test
    void wrappersAreSkippedAndAMessageOfSeveralLinesIsOneLine() {
        Throwable failure =
                new RuntimeException(new ExecutionException(new IOException("disk full\nat /tmp")));

        assertThat(FailureCause.describeStackTrace(printed(failure)))
                .isEqualTo(FailureCause.describe(failure))
                .isEqualTo("IOException: disk full; at /tmp");
    }

    @Test
    void anExceptionWithoutAMessageIsItsClass() {
        Throwable failure = new IllegalStateException(new ArithmeticException());

        assertThat(FailureCause.describeStackTrace(printed(failure)))
                .isEqualTo(FailureCause.describe(failure))
                .isEqualTo("ArithmeticException");
    }

    @Test
    void textOfAnotherFormIsKeptAsItIs() {
        assertThat(FailureCause.describeStackTrace("the task manager was lost\nno heartbeat"))
                .isEqualTo("the task manager was lost; no heartbeat");
    }

    /**
     * The Kinesis consumer's failure when Kinesis stops answering (as {@code KinesisITCase}'s log
     * shows it) names no stream; the restart line names the task it failed in.
     */
    @Test
    void aLibrarysFailureInATaskEndsWithTheTask() {
        Throwable failure =
                new RuntimeException(
                        "Retries exceeded for getRecords operation - all 0 retry attempts failed.");
        String task = "Source: kinesis test/in-a -> router test/in-a (2/2)";

        assertThat(FailureCause.describeStackTrace(printed(failure), task))
                .isEqualTo(
                        "RuntimeException: Retries exceeded for getRecords operation - all 0 retry"
                                + " attempts failed. (in Source: kinesis test/in-a -> router"
                                + " test/in-a (2/2))");
        assertThat(FailureCause.describeStackTrace(printed(failure), null))
                .as("a failure of the whole job has no task")
                .isEqualTo(FailureCause.describe(failure));
    }

    /** Ferry's own messages name the address, ingress or egress already. */
    @Test
    void ferrysOwnFailureInATaskIsTheSameLine() {
        Throwable failure =
                new IllegalStateException("invocation of test/counter:0 failed after 8 attempts");

        assertThat(FailureCause.describeStackTrace(printed(failure), "functions (1/2)"))
                .isEqualTo("invocation of test/counter:0 failed after 8 attempts");
    }
}
