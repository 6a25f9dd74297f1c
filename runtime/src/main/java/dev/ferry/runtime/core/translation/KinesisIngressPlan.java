package dev.ferry.runtime.core.translation;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.io.BadRecords;
import dev.ferry.runtime.core.io.kinesis.KinesisClientProperties;
import dev.ferry.runtime.core.io.kinesis.KinesisIngressRecord;
import dev.ferry.runtime.core.io.kinesis.KinesisIngressRouter;
import dev.ferry.runtime.core.io.kinesis.KinesisRecordDeserializer;
import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.core.message.SingletonTypeInfo;
import dev.ferry.runtime.module.IngressRoute;
import dev.ferry.runtime.module.KinesisIngressSpec;
import dev.ferry.runtime.module.KinesisIngressSpec.StartupPosition;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;

/**
 * {@code io.statefun.kinesis.v1/ingress}: a {@link FlinkKinesisConsumer} over all the ingress's
 * streams (the sequence number of every shard is part of every checkpoint, and a restored job
 * resumes after it) and its router, with uids {@code ingress-<id>} and {@code router-<id>}.
 *
 * @param unserved target types of the routes that no endpoint serves
 */
record KinesisIngressPlan(KinesisIngressSpec spec, Set<TypeName> unserved) implements IngressPlan {
    static final String INITIAL_POSITION = "flink.stream.initpos";
    static final String INITIAL_TIMESTAMP = "flink.stream.initpos.timestamp";

    @Override
    public TypeName id() {
        return spec.id();
    }

    @Override
    public TypeName deadLetterEgress() {
        return spec.badRecords().deadLetterEgress();
    }

    @Override
    @SuppressWarnings("deprecation") // the consumer is a SourceFunction, as in StateFun
    public DataStream<Envelope> addTo(StreamExecutionEnvironment env) {
        String name = spec.id().asString();
        KinesisRecordDeserializer deserializer = new KinesisRecordDeserializer();
        FlinkKinesisConsumer<KinesisIngressRecord> consumer =
                new FlinkKinesisConsumer<>(streams(spec), deserializer, consumerProperties(spec));
        return env.addSource(consumer, "kinesis " + name, deserializer.getProducedType())
                .uid("ingress-" + name)
                .process(
                        new KinesisIngressRouter(
                                spec.streams(),
                                unserved,
                                new BadRecords.Handler(spec.id(), spec.badRecords())),
                        SingletonTypeInfo.ENVELOPE)
                .uid("router-" + name)
                .name("router " + name);
    }

    /** Region, credentials, client configuration, then the startup position. */
    static Properties consumerProperties(KinesisIngressSpec spec) {
        Properties properties =
                KinesisClientProperties.consumer(
                        spec.awsRegion(), spec.awsCredentials(), spec.clientConfigProperties());
        StartupPosition position = spec.startupPosition();
        switch (position.type()) {
            case EARLIEST -> properties.setProperty(INITIAL_POSITION, "TRIM_HORIZON");
            case LATEST -> properties.setProperty(INITIAL_POSITION, "LATEST");
            case DATE -> {
                properties.setProperty(INITIAL_POSITION, "AT_TIMESTAMP");
                // Seconds since the epoch, with millisecond precision: the consumer's default form.
                long millis = position.date().toInstant().toEpochMilli();
                properties.setProperty(
                        INITIAL_TIMESTAMP, String.format("%d.%03d", millis / 1000, millis % 1000));
            }
        }
        return properties;
    }

    private static List<String> streams(KinesisIngressSpec spec) {
        Set<String> streams = new LinkedHashSet<>();
        for (IngressRoute route : spec.streams()) {
            streams.add(route.source());
        }
        return List.copyOf(streams);
    }
}
