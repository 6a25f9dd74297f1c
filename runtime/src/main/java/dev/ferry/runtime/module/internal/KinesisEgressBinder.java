package dev.ferry.runtime.module.internal;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.AwsRegion;
import dev.ferry.runtime.module.KinesisEgressSpec;
import java.util.Map;

/** {@code io.statefun.kinesis.v1/egress}. */
final class KinesisEgressBinder implements KindBinder {

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        TypeName id = spec.typeName("id");
        AwsRegion region = CommonReaders.awsRegion(spec);
        AwsCredentials credentials = CommonReaders.kinesisCredentials(spec);
        int maxOutstanding =
                spec.optInt(
                        "maxOutstandingRecords", KinesisEgressSpec.DEFAULT_MAX_OUTSTANDING_RECORDS);
        if (maxOutstanding <= 0) {
            spec.problem(
                    "maxOutstandingRecords",
                    spec.path() + ".maxOutstandingRecords is " + maxOutstanding,
                    "a positive number of records");
        }
        Map<String, String> properties = spec.properties("clientConfigProperties");
        String deadLetterStream = spec.optString("deadLetterStream", null);
        spec.finish();
        if (id != null) {
            parts.addEgress(
                    new KinesisEgressSpec(
                            id, region, credentials, maxOutstanding, properties, deadLetterStream),
                    spec.value("id"));
        }
    }
}
