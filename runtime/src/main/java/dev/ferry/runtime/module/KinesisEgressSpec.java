package dev.ferry.runtime.module;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.protocol.TypeName;
import java.util.Map;

/**
 * {@code io.statefun.kinesis.v1/egress}: records are {@code KinesisEgressRecord}s; at-least-once.
 *
 * @param maxOutstandingRecords records buffered per stream before writing blocks
 * @param clientConfigProperties connector properties (keys with a dot) and StateFun producer
 *     settings (keys without one; most have no meaning for the Kinesis Streams sink)
 * @param deadLetterStream where dead letters (of endpoints and ingresses naming this egress) are
 *     written as JSON; null when this egress receives none
 */
public record KinesisEgressSpec(
        TypeName id,
        AwsRegion awsRegion,
        AwsCredentials awsCredentials,
        int maxOutstandingRecords,
        Map<String, String> clientConfigProperties,
        String deadLetterStream)
        implements EgressSpec {

    public static final String KIND = "io.statefun.kinesis.v1/egress";
    public static final int DEFAULT_MAX_OUTSTANDING_RECORDS = 1000;

    public KinesisEgressSpec {
        clientConfigProperties = Map.copyOf(clientConfigProperties);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
