package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The logging configurations that {@code ferry run} and the distribution's {@code bin/ferry} start
 * with: the warnings Flink and Kafka give at every start of a Kafka job without anything for the
 * user to do are filtered by their text, and the same loggers' other warnings, among them a
 * misspelt consumer property, still come through; the Kafka clients' warnings while a broker cannot
 * be reached are rate-limited. The messages are those the libraries log, word for word.
 */
class LoggingConfigurationTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "src/main/resources/log4j2.properties",
                "../distribution/src/main/dist/conf/log4j2.properties"
            })
    void filtersTheKnownStartWarningsAndNothingElse(String file) throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        List<String> configurationProblems = new CopyOnWriteArrayList<>();
        // Log4j reports what it cannot make of a configuration on its status logger, not as an
        // exception; the run would print those lines at every start.
        StatusListener problems =
                new StatusListener() {
                    @Override
                    public void log(StatusData data) {
                        configurationProblems.add(data.getFormattedStatus());
                    }

                    @Override
                    public Level getStatusLevel() {
                        return Level.WARN;
                    }

                    @Override
                    public void close() {}
                };
        StatusLogger.getLogger().registerListener(problems);
        LoggerContext context = new LoggerContext("logging-configuration-test");
        try {
            Configuration configuration =
                    new PropertiesConfigurationFactory()
                            .getConfiguration(
                                    context, ConfigurationSource.fromUri(Path.of(file).toUri()));
            context.start(configuration);
            AbstractAppender capture =
                    new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
                        @Override
                        public void append(LogEvent event) {
                            logged.add(event.getMessage().getFormattedMessage());
                        }
                    };
            capture.start();
            configuration.getRootLogger().removeAppender("Console");
            configuration.getRootLogger().addAppender(capture, null, null);
            context.updateLoggers();

            String metrics = "org.apache.flink.metrics.MetricGroup";
            context.getLogger(metrics)
                    .warn(
                            "The operator name {} exceeded the {} characters length limit and was"
                                    + " truncated.",
                            "Source: kafka java.showcase.io/user-logins -> router"
                                    + " java.showcase.io/user-logins",
                            80);
            context.getLogger(metrics)
                    .warn(
                            "Name collision: Group already contains a Metric with the name"
                                    + " 'pendingCommittables'. Metric will not be reported.[,"
                                    + " taskmanager, ferry, egress shop/out: Committer, 0]");
            context.getLogger(metrics)
                    .warn(
                            "Name collision: Group already contains a Metric with the name"
                                    + " 'backlog'. Metric will not be reported.[, taskmanager]");
            context.getLogger("org.apache.kafka.clients.admin.AdminClientConfig")
                    .warn(
                            "These configurations '{}' were supplied but are not used yet.",
                            List.of("key.deserializer", "group.id", "auto.offset.reset"));
            String consumer = "org.apache.kafka.clients.consumer.ConsumerConfig";
            context.getLogger(consumer)
                    .warn(
                            "These configurations '{}' were supplied but are not used yet.",
                            List.of("client.id.prefix", "partition.discovery.interval.ms"));
            context.getLogger(consumer)
                    .warn(
                            "These configurations '{}' were supplied but are not used yet.",
                            List.of("client.id.prefix", "max.pol.records"));
            context.getLogger(consumer).warn("Some other warning of the consumer's settings");
            // Flink's CheckpointFailureManager, for a checkpoint aborted by a failover and for one
            // that expired.
            String checkpoints = "org.apache.flink.runtime.checkpoint.CheckpointFailureManager";
            context.getLogger(checkpoints)
                    .warn(
                            "Failed to trigger or complete checkpoint {} for job {}. ({}"
                                    + " consecutive failed attempts so far)",
                            3,
                            "b54352be1a2d5986194b587a28aab00e",
                            0,
                            new CheckpointException(
                                    CheckpointFailureReason.CHECKPOINT_COORDINATOR_SUSPEND));
            context.getLogger(checkpoints)
                    .warn(
                            "Failed to trigger or complete checkpoint {} for job {}. ({}"
                                    + " consecutive failed attempts so far)",
                            4,
                            "b54352be1a2d5986194b587a28aab00e",
                            1,
                            new CheckpointException(CheckpointFailureReason.CHECKPOINT_EXPIRED));
            // A broker that cannot be reached: every client warns at each reconnect.
            String network = "org.apache.kafka.clients.NetworkClient";
            for (int i = 0; i < 40; i++) {
                context.getLogger(network)
                        .warn(
                                "[Consumer clientId=shop-0, groupId=shop] Connection to node 1"
                                        + " (/127.0.0.1:9092) could not be established. Broker may"
                                        + " not be available.");
            }
            context.getLogger(network).error("An error of the network client");
        } finally {
            context.stop();
            StatusLogger.getLogger().removeListener(problems);
        }
        List<String> unreachable =
                logged.stream().filter(line -> line.contains("could not be established")).toList();
        assertThat(unreachable).as("warnings of an unreachable broker, 40 logged").hasSize(10);
        logged.removeAll(unreachable);

        assertThat(configurationProblems).as("what log4j reported of %s", file).isEmpty();

        assertThat(logged)
                .containsExactly(
                        "Name collision: Group already contains a Metric with the name 'backlog'."
                                + " Metric will not be reported.[, taskmanager]",
                        "These configurations '[client.id.prefix, max.pol.records]' were supplied"
                                + " but are not used yet.",
                        "Some other warning of the consumer's settings",
                        "Failed to trigger or complete checkpoint 4 for job"
                                + " b54352be1a2d5986194b587a28aab00e. (1 consecutive failed"
                                + " attempts so far)",
                        "An error of the network client");
    }
}
