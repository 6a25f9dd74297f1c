package dev.ferry.runtime.module.internal;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.BadRecordPolicy;
import dev.ferry.runtime.module.IngressRoute;
import dev.ferry.runtime.module.KafkaIngressSpec;
import dev.ferry.runtime.module.KafkaIngressSpec.StartupPosition;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** {@code io.statefun.kafka.v1/ingress}. */
final class KafkaIngressBinder implements KindBinder {

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        TypeName id = spec.typeName("id");
        String address = spec.optString("address", null);
        String group = spec.optString("consumerGroupId", null);
        List<IngressRoute> topics = IngressRoutesReader.read(spec, "topics", "topic");
        String reset =
                spec.choice(
                        "autoOffsetResetPosition",
                        Choices.ordered("earliest", "earliest", "latest", "latest"),
                        "latest");
        StartupPosition startup = startupPosition(spec.object("startupPosition"));
        Map<String, String> properties = ClientPropertiesReader.read(spec, "properties");
        BadRecordPolicy badRecords = BadRecordPolicyReader.read(spec);
        spec.finish();
        if (id != null && !topics.isEmpty()) {
            parts.addIngress(
                    new KafkaIngressSpec(
                            id, address, group, topics, reset, startup, properties, badRecords),
                    spec.value("id"),
                    BadRecordPolicyReader.deadLetterNode(spec));
        }
    }

    private static StartupPosition startupPosition(SpecReader position) {
        StartupPosition.Type type =
                position.choice("type", StartupPosition.Type.class, StartupPosition.Type.LATEST);
        Map<String, Long> offsets = new LinkedHashMap<>();
        ZonedDateTime date = null;
        if (type == StartupPosition.Type.SPECIFIC_OFFSETS) {
            position.listOf("offsets", true, item -> readOffset(position, item, offsets));
        } else if (type == StartupPosition.Type.DATE) {
            date = StartupDateReader.read(position);
        }
        position.finish();
        return new StartupPosition(type, offsets, date);
    }

    /** One {@code <topic>/<partition>: <offset>} entry; the text splits on the last '/'. */
    private static Object readOffset(
            SpecReader position, SpecReader.ItemNode item, Map<String, Long> offsets) {
        if (!(item.node() instanceof MappingNode mapping) || mapping.getValue().size() != 1) {
            position.problems()
                    .at(
                            item.node(),
                            item.path() + " is not a single '<topic>/<partition>: <offset>' entry",
                            "- my-topic/0: 42");
            return null;
        }
        NodeTuple tuple = mapping.getValue().get(0);
        String key = YamlNodes.scalarText(tuple.getKeyNode());
        String value = YamlNodes.scalarText(tuple.getValueNode());
        int slash = key == null ? -1 : key.lastIndexOf('/');
        boolean ok = slash > 0 && slash < key.length() - 1;
        try {
            if (ok) {
                Integer.parseInt(key.substring(slash + 1));
                offsets.put(key, Long.parseLong(value));
                return key;
            }
        } catch (NumberFormatException e) {
            ok = false;
        }
        position.problems()
                .at(
                        tuple.getKeyNode(),
                        item.path() + " '" + key + ": " + value + "' is not a partition offset",
                        "<topic>/<partition number>: <offset number>");
        return null;
    }
}
