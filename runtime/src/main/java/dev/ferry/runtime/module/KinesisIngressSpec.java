package dev.ferry.runtime.module;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.protocol.TypeName;
import java.io.Serializable;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * {@code io.statefun.kinesis.v1/ingress}: the partition key becomes the function id.
 *
 * @param badRecords what happens to records without a partition key, with data that does not decode
 *     as its primitive {@code valueType}, or routed to a function type no endpoint serves
 */
public record KinesisIngressSpec(
        TypeName id,
        AwsRegion awsRegion,
        AwsCredentials awsCredentials,
        StartupPosition startupPosition,
        List<IngressRoute> streams,
        Map<String, String> clientConfigProperties,
        BadRecordPolicy badRecords)
        implements IngressSpec {

    public static final String KIND = "io.statefun.kinesis.v1/ingress";

    public KinesisIngressSpec {
        streams = List.copyOf(streams);
        clientConfigProperties = Map.copyOf(clientConfigProperties);
        badRecords = badRecords == null ? BadRecordPolicy.fail() : badRecords;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Where reading starts without a checkpoint: EARLIEST, LATEST or DATE (with the date). */
    public record StartupPosition(Type type, ZonedDateTime date) implements Serializable {
        public enum Type {
            EARLIEST,
            LATEST,
            DATE
        }

        public static StartupPosition latest() {
            return new StartupPosition(Type.LATEST, null);
        }
    }
}
