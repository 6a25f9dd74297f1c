package dev.ferry.runtime.module.internal;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.AwsRegion;
import dev.ferry.runtime.module.BadRecordPolicy;
import dev.ferry.runtime.module.IngressRoute;
import dev.ferry.runtime.module.KinesisIngressSpec;
import dev.ferry.runtime.module.KinesisIngressSpec.StartupPosition;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/** {@code io.statefun.kinesis.v1/ingress}. */
final class KinesisIngressBinder implements KindBinder {

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        TypeName id = spec.typeName("id");
        AwsRegion region = CommonReaders.awsRegion(spec);
        AwsCredentials credentials = CommonReaders.kinesisCredentials(spec);
        SpecReader position = spec.object("startupPosition");
        StartupPosition.Type type =
                position.choice(
                        "type",
                        CommonReaders.orderedMap(
                                "earliest", StartupPosition.Type.EARLIEST,
                                "latest", StartupPosition.Type.LATEST,
                                "date", StartupPosition.Type.DATE),
                        StartupPosition.Type.LATEST);
        ZonedDateTime date =
                type == StartupPosition.Type.DATE ? CommonReaders.startupDate(position) : null;
        position.finish();
        List<IngressRoute> streams = CommonReaders.routes(spec, "streams", "stream");
        Map<String, String> properties = spec.properties("clientConfigProperties");
        BadRecordPolicy badRecords = CommonReaders.badRecords(spec);
        spec.finish();
        if (id != null && !streams.isEmpty()) {
            parts.addIngress(
                    new KinesisIngressSpec(
                            id,
                            region,
                            credentials,
                            new StartupPosition(type, date),
                            streams,
                            properties,
                            badRecords),
                    spec.value("id"),
                    CommonReaders.badRecordsNode(spec));
        }
    }
}
