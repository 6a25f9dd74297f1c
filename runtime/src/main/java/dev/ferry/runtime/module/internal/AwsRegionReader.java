package dev.ferry.runtime.module.internal;

import dev.ferry.runtime.module.AwsRegion;
import dev.ferry.runtime.module.AwsRegion.Type;

/** StateFun's Kinesis {@code awsRegion}: default, specific (an id) or custom-endpoint. */
final class AwsRegionReader {

    private AwsRegionReader() {}

    static AwsRegion read(SpecReader parent) {
        SpecReader region = parent.object("awsRegion");
        Type type = region.choice("type", Type.class, Type.DEFAULT);
        String id = type == Type.DEFAULT ? null : region.string("id");
        String endpoint = type == Type.CUSTOM_ENDPOINT ? region.string("endpoint") : null;
        region.finish();
        return new AwsRegion(type, id, endpoint);
    }
}
