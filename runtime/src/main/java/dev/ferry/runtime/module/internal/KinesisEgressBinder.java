package dev.ferry.runtime.module.internal;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.KinesisEgressSpec;
import java.util.Map;

/** {@code io.statefun.kinesis.v1/egress}. */
final class KinesisEgressBinder implements KindBinder {

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        TypeName id = spec.typeName("id");
        KinesisAwsReader.KinesisAws aws = KinesisAwsReader.read(spec);
        int maxOutstanding =
                spec.optInt(
                        "maxOutstandingRecords", KinesisEgressSpec.DEFAULT_MAX_OUTSTANDING_RECORDS);
        spec.positive("maxOutstandingRecords", maxOutstanding, "a positive number of records");
        Map<String, String> properties =
                ClientPropertiesReader.read(spec, "clientConfigProperties");
        String deadLetterStream = spec.optString("deadLetterStream", null);
        spec.finish();
        if (id != null) {
            parts.addEgress(
                    new KinesisEgressSpec(
                            id,
                            aws.region(),
                            aws.credentials(),
                            maxOutstanding,
                            properties,
                            deadLetterStream),
                    spec.value("id"),
                    deadLetterStream != null
                            ? null
                            : new ModuleParts.MissingDeadLetterDestination(
                                    "Kinesis", "a stream", "deadLetterStream: <stream>"));
        }
    }
}
