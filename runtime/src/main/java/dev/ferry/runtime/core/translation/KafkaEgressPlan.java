package dev.ferry.runtime.core.translation;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.KafkaEgressSerializer;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.module.KafkaEgressSpec;
import dev.ferry.runtime.module.KafkaEgressSpec.DeliverySemantic;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code io.statefun.kafka.v1/egress}: a {@link KafkaSink} with uid {@code egress-<id>}.
 *
 * <p>With exactly-once delivery, records are written in Kafka transactions that commit when the
 * checkpoint after them completes. The transactional id prefix is the producer property {@code
 * transactional.id} when set, else {@code <pipeline.name or "ferry">-<namespace>-<name>}: stable
 * across restarts (lingering transactions of a failed attempt are aborted by it) and distinct per
 * egress; two applications writing to one cluster need distinct pipeline names.
 */
public record KafkaEgressPlan(KafkaEgressSpec spec) implements EgressPlan {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEgressPlan.class);

    /** How long the planner waits for the brokers to tell their maximum transaction timeout. */
    static final Duration BROKER_CHECK_TIMEOUT = Duration.ofSeconds(10);

    static final String TRANSACTION_MAX_TIMEOUT = "transaction.max.timeout.ms";

    @Override
    public TypeName id() {
        return spec.id();
    }

    @Override
    public void attach(DataStream<EgressRecord> records) {
        String name = spec.id().asString();
        Properties properties = producerProperties(spec);
        DeliverySemantic semantic = spec.deliverySemantic();
        var builder =
                KafkaSink.<EgressRecord>builder()
                        .setKafkaProducerConfig(properties)
                        .setRecordSerializer(
                                new KafkaEgressSerializer(spec.id(), spec.deadLetterTopic()));
        switch (semantic.type()) {
            case EXACTLY_ONCE -> {
                checkTransactionTimeout(spec, properties);
                String jobName =
                        records.getExecutionEnvironment()
                                .getConfiguration()
                                .getOptional(PipelineOptions.NAME)
                                .orElse("ferry");
                builder.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(transactionalIdPrefix(spec, jobName));
            }
            case AT_LEAST_ONCE -> builder.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
            case NONE -> builder.setDeliveryGuarantee(DeliveryGuarantee.NONE);
        }
        records.sinkTo(builder.build()).uid("egress-" + name).name("egress " + name);
    }

    /** The raw properties, then {@code address}, then the transaction timeout. */
    static Properties producerProperties(KafkaEgressSpec spec) {
        Properties properties = new Properties();
        properties.putAll(spec.properties());
        if (spec.address() != null) {
            properties.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.address());
        }
        if (properties.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException(
                    "Kafka egress "
                            + spec.id()
                            + " has no address: set address, or bootstrap.servers in properties");
        }
        Duration timeout = spec.deliverySemantic().transactionTimeout();
        if (spec.deliverySemantic().type() == DeliverySemantic.Type.EXACTLY_ONCE
                && timeout != null) {
            properties.setProperty(
                    ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(timeout.toMillis()));
        }
        return properties;
    }

    static String transactionalIdPrefix(KafkaEgressSpec spec, String jobName) {
        String configured = spec.properties().get(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return jobName + "-" + spec.id().namespace() + "-" + spec.id().name();
    }

    /**
     * Fails when the transaction timeout exceeds the brokers' {@code transaction.max.timeout.ms}
     * (the producer would be refused at its first transaction). Brokers that cannot be reached
     * within {@link #BROKER_CHECK_TIMEOUT} are not checked here: the sink reports the problem when
     * it starts.
     */
    static void checkTransactionTimeout(KafkaEgressSpec spec, Properties producer) {
        long timeout =
                Long.parseLong(producer.getProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
        Long max;
        try {
            max = brokerMaxTransactionTimeout(producer);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn(
                    "could not read transaction.max.timeout.ms from the brokers of Kafka egress {}"
                            + " ({}); its transaction timeout of {} ms is not checked",
                    spec.id(),
                    e.getMessage(),
                    timeout);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (max != null && timeout > max) {
            throw new IllegalArgumentException(
                    "Kafka egress "
                            + spec.id()
                            + ": deliverySemantic.transactionTimeout is "
                            + timeout
                            + " ms, more than the brokers' "
                            + TRANSACTION_MAX_TIMEOUT
                            + " of "
                            + max
                            + " ms. Lower transactionTimeout (it must still exceed the"
                            + " checkpoint interval plus the time a restart takes), or raise "
                            + TRANSACTION_MAX_TIMEOUT
                            + " on the brokers");
        }
    }

    /** The smallest {@code transaction.max.timeout.ms} of the cluster's brokers, or null. */
    static Long brokerMaxTransactionTimeout(Properties producer)
            throws InterruptedException, ExecutionException, TimeoutException {
        Properties admin = new Properties();
        for (String key : producer.stringPropertyNames()) {
            if (AdminClientConfig.configNames().contains(key)) {
                admin.setProperty(key, producer.getProperty(key));
            }
        }
        int millis = (int) BROKER_CHECK_TIMEOUT.toMillis();
        admin.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(millis));
        admin.setProperty(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(millis));
        try (Admin client = Admin.create(admin)) {
            Collection<Node> nodes =
                    client.describeCluster().nodes().get(millis, TimeUnit.MILLISECONDS);
            Long smallest = null;
            for (Node node : nodes) {
                ConfigResource broker =
                        new ConfigResource(ConfigResource.Type.BROKER, node.idString());
                Config config =
                        client.describeConfigs(java.util.List.of(broker))
                                .all()
                                .get(millis, TimeUnit.MILLISECONDS)
                                .get(broker);
                ConfigEntry entry = config == null ? null : config.get(TRANSACTION_MAX_TIMEOUT);
                if (entry != null && entry.value() != null) {
                    long value = Long.parseLong(entry.value());
                    smallest = smallest == null ? value : Math.min(smallest, value);
                }
            }
            return smallest;
        }
    }
}
