package dev.ferry.runtime.module.internal;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.runtime.module.AwsRegion;
import dev.ferry.runtime.module.AwsRegion.Type;

/**
 * How a Kinesis ingress or egress reaches AWS: StateFun's {@code awsRegion} (default, specific with
 * an id, or custom-endpoint) and {@code awsCredentials}.
 */
final class KinesisAwsReader {

    private KinesisAwsReader() {}

    /** The region and credentials of one Kinesis component. */
    record KinesisAws(AwsRegion region, AwsCredentials credentials) {}

    static KinesisAws read(SpecReader spec) {
        return new KinesisAws(region(spec), AwsCredentialsReader.kinesis(spec));
    }

    private static AwsRegion region(SpecReader parent) {
        SpecReader region = parent.object("awsRegion");
        Type type = region.choice("type", Type.class, Type.DEFAULT);
        String id = type == Type.DEFAULT ? null : region.string("id");
        String endpoint = type == Type.CUSTOM_ENDPOINT ? region.string("endpoint") : null;
        region.finish();
        return new AwsRegion(type, id, endpoint);
    }
}
