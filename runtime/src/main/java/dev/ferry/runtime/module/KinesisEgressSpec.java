package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;
import java.util.Map;

/**
 * {@code io.statefun.kinesis.v1/egress}: records are {@code KinesisEgressRecord}s; at-least-once.
 */
public record KinesisEgressSpec(
        TypeName id,
        AwsRegion awsRegion,
        AwsCredentials awsCredentials,
        int maxOutstandingRecords,
        Map<String, String> clientConfigProperties)
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
