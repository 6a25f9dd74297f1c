package dev.ferry.runtime.module.internal;

import dev.ferry.protocol.TypeName;
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
        KinesisAwsReader.KinesisAws aws = KinesisAwsReader.read(spec);
        SpecReader position = spec.object("startupPosition");
        StartupPosition.Type type =
                position.choice("type", StartupPosition.Type.class, StartupPosition.Type.LATEST);
        ZonedDateTime date =
                type == StartupPosition.Type.DATE ? StartupDateReader.read(position) : null;
        position.finish();
        List<IngressRoute> streams = IngressRoutesReader.read(spec, "streams", "stream");
        Map<String, String> properties =
                ClientPropertiesReader.read(spec, "clientConfigProperties");
        BadRecordPolicy badRecords = BadRecordPolicyReader.read(spec);
        spec.finish();
        if (id != null && !streams.isEmpty()) {
            parts.addIngress(
                    new KinesisIngressSpec(
                            id,
                            aws.region(),
                            aws.credentials(),
                            new StartupPosition(type, date),
                            streams,
                            properties,
                            badRecords),
                    spec.value("id"),
                    BadRecordPolicyReader.deadLetterNode(spec));
        }
    }
}
