package dev.ferry.runtime.module.internal;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.AwsRegion;
import dev.ferry.runtime.module.KinesisEgressSpec;
import java.util.Map;

/** {@code io.statefun.kinesis.v1/egress}. */
final class KinesisEgressBinder implements KindBinder {
    private static final ModuleParts.MissingDeadLetterDestination NO_DEAD_LETTER_STREAM =
            new ModuleParts.MissingDeadLetterDestination(
                    "Kinesis", "a stream", "deadLetterStream: <stream>");

    @Override
    public String kind() {
        return KinesisEgressSpec.KIND;
    }

    @Override
    public String legacyKind() {
        return "io.statefun.kinesis/egress";
    }

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        TypeName id = spec.typeName("id");
        AwsRegion region = AwsRegionReader.read(spec);
        AwsCredentials credentials = AwsCredentialsReader.kinesis(spec);
        int maxOutstanding =
                spec.optInt(
                        "maxOutstandingRecords", KinesisEgressSpec.DEFAULT_MAX_OUTSTANDING_RECORDS);
        if (maxOutstanding <= 0) {
            spec.problem(
                    "maxOutstandingRecords",
                    spec.path() + ".maxOutstandingRecords is " + maxOutstanding,
                    "a positive number of records");
        }
        Map<String, String> properties =
                ClientPropertiesReader.read(spec, "clientConfigProperties");
        String deadLetterStream = spec.optString("deadLetterStream", null);
        spec.finish();
        if (id != null) {
            parts.addEgress(
                    new KinesisEgressSpec(
                            id, region, credentials, maxOutstanding, properties, deadLetterStream),
                    spec.value("id"),
                    deadLetterStream != null ? null : NO_DEAD_LETTER_STREAM);
        }
    }
}
