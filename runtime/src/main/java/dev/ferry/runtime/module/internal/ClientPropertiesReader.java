package dev.ferry.runtime.module.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Raw client properties of a Kafka or Kinesis component: StateFun writes them as a list of
 * single-entry maps ({@code - max.poll.records: 500}); a plain mapping is accepted too. Values are
 * stringified, {@code ${env:NAME}} resolved.
 */
final class ClientPropertiesReader {

    private ClientPropertiesReader() {}

    static Map<String, String> read(SpecReader spec, String key) {
        Map<String, String> properties = new LinkedHashMap<>();
        Node value = spec.value(key);
        if (value == null) {
            return properties;
        }
        String where = spec.path() + "." + key;
        Problems problems = spec.problems();
        List<Node> maps = value instanceof SequenceNode s ? s.getValue() : List.of(value);
        for (Node item : maps) {
            if (!(item instanceof MappingNode mapping)) {
                problems.at(
                        item,
                        where + " has " + YamlNodes.describe(item),
                        "single-entry maps such as '- name: value'");
                continue;
            }
            for (NodeTuple tuple : mapping.getValue()) {
                String name = YamlNodes.scalarText(tuple.getKeyNode());
                String text = YamlNodes.scalarText(tuple.getValueNode());
                if (name == null || text == null) {
                    problems.at(
                            tuple.getKeyNode(),
                            "a property in " + where + " is not a name and a plain value",
                            "name: value");
                } else {
                    properties.put(
                            name, EnvReferences.resolve(text, tuple.getValueNode(), problems));
                }
            }
        }
        return properties;
    }
}
